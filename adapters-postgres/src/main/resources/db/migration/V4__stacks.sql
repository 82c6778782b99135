-- Stacks and their env (API.md "Stacks and their environment").
-- The env is merged under the row's lock (SELECT … FOR UPDATE), so the row is the unit of
-- serialization for PATCHes of one stack. A stack being torn down keeps its row with
-- status 'deleting' and the moment it turned so; the teardown job finds due rows through the
-- partial index below, also after a restart.
CREATE TABLE stacks (
  tenant_id      text        NOT NULL,
  slug           text        NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  status         text        NOT NULL CHECK (status IN ('active', 'deleting')),
  env            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  deleting_since timestamptz,
  PRIMARY KEY (tenant_id, slug),
  CHECK ((status = 'deleting') = (deleting_since IS NOT NULL))
);

-- the teardown job's scan: only rows being torn down, oldest first
CREATE INDEX stacks_deleting_since ON stacks (deleting_since) WHERE status = 'deleting';
