-- The stored answers of requests sent with an Idempotency-Key (API.md, "Idempotency"), written in
-- the unit of the write they answer, under the scope's JVM try-lock held until that unit ends. The
-- key is the scope: tenant, API key name (caller) and the header's value. expires_at is indexed for
-- the bounded cleanup of expired answers. body holds no secret.
CREATE TABLE idempotency_keys (
  tenant_id   VARCHAR(128)             NOT NULL,
  caller      CHARACTER VARYING        NOT NULL,
  idem_key    VARCHAR(255)             NOT NULL,
  fingerprint VARCHAR(64)              NOT NULL,
  status      INTEGER                  NOT NULL,
  body        CHARACTER VARYING        NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, caller, idem_key)
);

CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
