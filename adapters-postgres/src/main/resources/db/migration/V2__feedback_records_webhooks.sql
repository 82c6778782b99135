-- Feedback records and webhooks: tenant-owned rows. Every lookup a route makes has an index:
--   by (tenant_id, id)        GET/PATCH/DELETE /{id}, the list's keyset (ORDER BY id after a cursor),
--                             and the purge (DELETE … WHERE tenant_id = ?) through the key's prefix;
--   by (user_id, tenant_id)   the GDPR delete: which tenants hold a user's records, then each
--                             tenant's records of that user.
-- Ids are UUIDv7 made by the server, so the primary key grows at its right edge.
CREATE TABLE feedback_records (
  tenant_id  text        NOT NULL,
  id         uuid        NOT NULL,
  user_id    text,
  payload    jsonb       NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE INDEX feedback_records_by_user ON feedback_records (user_id, tenant_id) WHERE user_id IS NOT NULL;

-- A move changes tenant_id (an UPDATE of the key under both tenants' locks).
CREATE TABLE webhooks (
  tenant_id   text        NOT NULL,
  id          uuid        NOT NULL,
  url         text        NOT NULL,
  event_types text[]      NOT NULL,
  enabled     boolean     NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
