-- Organizations synced from the identity provider (not tenant-owned).
-- id:      our id (UUIDv5 of idp_id, or the external_id the IdP already held).
-- idp_id:  unique, the key events are serialized on (advisory lock 'org_idp|' || idp_id).
-- slug:    fixed at creation; unique, assigned under the advisory lock 'org_slug|' || base slug.
--          COLLATE "C" so a base slug's family is found by a LIKE-prefix scan of the unique index.
CREATE TABLE organizations (
  id                       uuid        PRIMARY KEY,
  idp_id                   text        NOT NULL,
  name                     text        NOT NULL,
  slug                     text        COLLATE "C" NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
  domains                  text[]      NOT NULL DEFAULT '{}',
  deleted                  boolean     NOT NULL DEFAULT false,
  last_event_id            text        NOT NULL,
  idp_updated_at           timestamptz NOT NULL,
  external_id_push_pending boolean     NOT NULL DEFAULT false,
  created_at               timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL,
  CONSTRAINT organizations_idp_id_key UNIQUE (idp_id),
  CONSTRAINT organizations_slug_key UNIQUE (slug)
);
