-- The stored answers of requests sent with an Idempotency-Key (API.md, "Idempotency"). A row is
-- inserted in the same transaction as the write it answers, under the scope's advisory try-lock
-- (pg_try_advisory_xact_lock on hashtextextended('idempotency|…', 0)), so it exists exactly when the
-- write does. The key is the scope: tenant, API key name (caller) and the header's value.
--   by (tenant_id, caller, idem_key) the lookup of a retry, and the purge (DELETE … WHERE tenant_id = ?)
--                                through the key's prefix;
--   by expires_at                the bounded cleanup of expired answers.
-- body holds no secret (a session's refresh token is left out before it is stored).
CREATE TABLE idempotency_keys (
  tenant_id   text        NOT NULL,
  caller      text        NOT NULL,
  idem_key    text        NOT NULL,
  fingerprint text        NOT NULL,
  status      integer     NOT NULL,
  body        text        NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, caller, idem_key)
);

CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
