-- The bare SQL purge of section purge, as ../shared/bench/pg/sql/F_procs.sql times it, on the
-- service's own table: one transaction takes the tenant's write lock exclusively (the key the
-- service's advisory tenant lock uses) and deletes the tenant's rows; the time from before the lock
-- to after the COMMIT is logged, measured inside the server (no client round trip).
CREATE TABLE IF NOT EXISTS bench_purge_log (
  tenant text, purge_ms numeric, deleted bigint, at timestamptz DEFAULT clock_timestamp());

CREATE OR REPLACE PROCEDURE bench_purge(p_tenant text)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('tenant_write|' || length(p_tenant) || ':' || p_tenant, 0));
  DELETE FROM feedback_records WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  COMMIT;
  INSERT INTO bench_purge_log (tenant, purge_ms, deleted)
  VALUES (p_tenant, round((extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric, 1), n);
  COMMIT;
END $$;
