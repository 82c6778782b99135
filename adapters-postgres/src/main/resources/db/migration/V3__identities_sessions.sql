-- Identities, their ratelimits and sessions (API.md "Identities", "Sessions"; issue 4).

-- One row per identity generation. Soft delete keeps the row (deleted = true) with its ratelimits.
-- identities_one_generation is the one-deleted-generation rule as a constraint: per
-- (tenant, externalId) at most one active (deleted = false) and at most one deleted generation.
-- A plain unique constraint (not partial indexes) because it is the ON CONFLICT target of the
-- create and the index of the externalId lookup (tenant_id, external_id, deleted = false).
CREATE TABLE identities (
  id          uuid        PRIMARY KEY,
  tenant_id   text        NOT NULL,
  external_id text        NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
  meta        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(meta) = 'object'),
  deleted     boolean     NOT NULL DEFAULT false,
  deleted_at  timestamptz,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CONSTRAINT identities_one_generation UNIQUE (tenant_id, external_id, deleted),
  CONSTRAINT identities_deleted_at CHECK (deleted = (deleted_at IS NOT NULL))
);

-- GET /identities: a tenant's active identities in id order (cursor = last id).
CREATE INDEX identities_active_tenant_id ON identities (tenant_id, id) WHERE NOT deleted;

CREATE TABLE ratelimits (
  id            uuid        PRIMARY KEY,
  identity_id   uuid        NOT NULL REFERENCES identities (id),
  name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
  request_limit bigint      NOT NULL CHECK (request_limit >= 1),
  duration_ms   bigint      NOT NULL CHECK (duration_ms >= 1),
  auto_apply    boolean     NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- The index on ratelimits(identity_id) that the one-statement identity lookup aggregates through
-- (without it the lookup scans every ratelimit). identity_id leads, so "WHERE identity_id = $1" is
-- an index range scan; the name column makes it also enforce "names unique per identity", so one
-- index serves both instead of two on every ratelimit write.
CREATE UNIQUE INDEX ratelimits_identity_id_name ON ratelimits (identity_id, name);

-- Refresh tokens are never stored: token_hash is the lower-case hex SHA-256 of the token.
CREATE TABLE sessions (
  id          uuid        PRIMARY KEY,
  tenant_id   text        NOT NULL,
  identity_id uuid        NOT NULL REFERENCES identities (id),
  token_hash  text        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL,
  CONSTRAINT sessions_token_hash UNIQUE (token_hash)
);

-- Revoke-all and identity deletion remove an identity's sessions; also the FK's own lookups.
CREATE INDEX sessions_identity_id ON sessions (identity_id);
