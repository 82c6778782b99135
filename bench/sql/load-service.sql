-- Seed of the service's own database (run by bench/run.sh after the Flyway migrations), mirroring
-- ../shared/bench/pg/sql/load.sql on the service's real tables, so the service and pgbench read and
-- write tables of the same size. Loaded with SQL, never through the API.
--   psql -v identities=1000000 -f load-service.sql
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- Feedback records: 1,000,000 seed rows over tenant-1..tenant-100. A user id marks a seed row; the
-- benchmark's creates carry none, so the runner deletes them between runs (as for pattern B).
INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
SELECT 'tenant-' || (1 + g % 100), gen_random_uuid(), 'user-' || (g % 10000),
       '{"rating": 4, "comment": "seed row"}'::jsonb,
       now() - make_interval(secs => g), now() - make_interval(secs => g)
FROM generate_series(1, 1000000) g;

-- Identities (V3): n = 1..:identities in tenant 'ws-' || (n % 1000) with externalId 'ext_' || n
-- (tenant ids cannot hold '_', hence ws- rather than the reference's ws_), 10,000 soft-deleted
-- twins (same tenant and externalId, deleted), and 1 + (n % 3) ratelimits per live identity.
SELECT to_regclass('identities') IS NOT NULL AS has_identities \gset
\if :has_identities
INSERT INTO identities (id, tenant_id, external_id, meta, deleted, deleted_at, created_at, updated_at)
SELECT gen_random_uuid(), 'ws-' || (g % 1000), 'ext_' || g, jsonb_build_object('plan', 'pro', 'n', g),
       false, NULL, now(), now()
FROM generate_series(1, :identities) g;

INSERT INTO identities (id, tenant_id, external_id, meta, deleted, deleted_at, created_at, updated_at)
SELECT gen_random_uuid(), 'ws-' || (g % 1000), 'ext_' || g, '{}'::jsonb, true, now(), now(), now()
FROM generate_series(1, least(10000, :identities)) g;

INSERT INTO ratelimits (id, identity_id, name, request_limit, duration_ms, auto_apply, created_at, updated_at)
SELECT gen_random_uuid(), i.id, 'rl' || k, 100 * k, 60000, false, now(), now()
FROM identities i, LATERAL generate_series(1, 1 + (substr(i.external_id, 5)::int % 3)) k
WHERE NOT i.deleted;
\endif

-- Stacks (V4): 1,000 stacks stack-1..stack-1000 of ONE tenant, for the extra "spread" section
-- (D_spread_merge's 1,000 rows). The hot stack of section (c) is made through the API per run.
SELECT to_regclass('stacks') IS NOT NULL AS has_stacks \gset
\if :has_stacks
INSERT INTO stacks (tenant_id, slug, status, env, created_at, updated_at)
SELECT 'bench-spread', 'stack-' || g, 'active', '{}'::jsonb, now(), now()
FROM generate_series(1, 1000) g;
\endif

VACUUM (ANALYZE);
