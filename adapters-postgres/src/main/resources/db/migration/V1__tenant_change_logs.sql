-- The deletion log (change feed for external sync) and the audit log.
-- Both are numbered from one row per tenant in tenant_log_seq: the row is updated as the last
-- statement of a writing transaction and stays locked until its commit, so numbers become visible
-- in order (a reader never sees seq n+1 before seq n). The row is never deleted, not even by a
-- purge, so clients' cursors stay valid across a purge.
CREATE TABLE tenant_log_seq (
  tenant_id text   PRIMARY KEY,
  last_seq  bigint NOT NULL
);

CREATE TABLE deletion_log (
  tenant_id  text        NOT NULL,
  seq        bigint      NOT NULL,
  kind       text        NOT NULL CHECK (kind IN ('identity','ratelimit','session','feedback_record','webhook','stack','tenant')),
  id         text        NOT NULL,
  deleted_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

CREATE TABLE audit_log (
  tenant_id   text        NOT NULL,
  seq         bigint      NOT NULL,
  action      text        NOT NULL,
  resource_id text        NOT NULL,
  at          timestamptz NOT NULL,
  details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, seq)
);
