-- The in-memory storage's rows in embedded H2 (its own migrations, separate from PostgreSQL's).
-- Row locks are JVM key locks of the adapter, taken before a row is changed and held until its
-- transaction ends, so two transactions never change one row at once; H2 gives the transactions,
-- read isolation (READ COMMITTED: a reader never sees an uncommitted change) and, with
-- lockstep.memory.file, durability. JSON values are compact JSON text.

-- One sequence per tenant shared by both logs; never deleted, not even by a purge, so cursors stay
-- valid. Entries are numbered and inserted at the end of their transaction under the tenant's JVM
-- sequence lock, held through COMMIT, so seq order is commit order.
CREATE TABLE tenant_log_seq (
  tenant_id VARCHAR(128) PRIMARY KEY,
  last_seq  BIGINT       NOT NULL
);

CREATE TABLE deletion_log (
  tenant_id  VARCHAR(128)             NOT NULL,
  seq        BIGINT                   NOT NULL,
  kind       VARCHAR(32)              NOT NULL,
  id         VARCHAR(1000)            NOT NULL,
  deleted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

CREATE TABLE audit_log (
  tenant_id   VARCHAR(128)             NOT NULL,
  seq         BIGINT                   NOT NULL,
  action      VARCHAR(64)              NOT NULL,
  resource_id VARCHAR(1000)            NOT NULL,
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  details     CHARACTER VARYING        NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

CREATE TABLE feedback_records (
  tenant_id  VARCHAR(128)             NOT NULL,
  id         UUID                     NOT NULL,
  user_id    VARCHAR(1000),
  payload    CHARACTER VARYING        NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE INDEX feedback_records_by_user ON feedback_records (user_id, tenant_id);

-- event_types: a JSON array of strings
CREATE TABLE webhooks (
  tenant_id   VARCHAR(128)             NOT NULL,
  id          UUID                     NOT NULL,
  url         CHARACTER VARYING        NOT NULL,
  event_types CHARACTER VARYING        NOT NULL,
  enabled     BOOLEAN                  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- One row per identity generation; at most one active and one deleted per (tenant, externalId).
-- ratelimits: a JSON array of the identity's ratelimits, which are only ever read and replaced
-- with their identity.
CREATE TABLE identities (
  tenant_id   VARCHAR(128)             NOT NULL,
  id          UUID                     NOT NULL,
  external_id VARCHAR(255)             NOT NULL,
  meta        CHARACTER VARYING        NOT NULL,
  ratelimits  CHARACTER VARYING        NOT NULL,
  deleted     BOOLEAN                  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT identities_one_generation UNIQUE (tenant_id, external_id, deleted)
);

CREATE TABLE sessions (
  id          UUID                     PRIMARY KEY,
  tenant_id   VARCHAR(128)             NOT NULL,
  identity_id UUID                     NOT NULL,
  token_hash  VARCHAR(64)              NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT sessions_token_hash UNIQUE (token_hash)
);

CREATE INDEX sessions_identity_id ON sessions (identity_id);
CREATE INDEX sessions_tenant_id ON sessions (tenant_id);

-- env: a JSON object of strings. deleting_since is set exactly while status is 'deleting', and the
-- teardown finds due rows by it, also after a restart on a file.
CREATE TABLE stacks (
  tenant_id      VARCHAR(128)             NOT NULL,
  slug           VARCHAR(63)              NOT NULL,
  status         VARCHAR(16)              NOT NULL,
  env            CHARACTER VARYING        NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  deleting_since TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (tenant_id, slug)
);

CREATE INDEX stacks_deleting_since ON stacks (deleting_since);

-- domains: a JSON array of strings
CREATE TABLE organizations (
  id                       UUID                     PRIMARY KEY,
  idp_id                   CHARACTER VARYING        NOT NULL,
  name                     CHARACTER VARYING        NOT NULL,
  slug                     VARCHAR(63)              NOT NULL,
  domains                  CHARACTER VARYING        NOT NULL,
  deleted                  BOOLEAN                  NOT NULL,
  last_event_id            CHARACTER VARYING        NOT NULL,
  idp_updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  external_id_push_pending BOOLEAN                  NOT NULL,
  created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT organizations_idp_id_key UNIQUE (idp_id),
  CONSTRAINT organizations_slug_key UNIQUE (slug)
);
