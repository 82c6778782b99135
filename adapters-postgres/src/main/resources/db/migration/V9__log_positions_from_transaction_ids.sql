-- Log positions without a row shared by all of a tenant's writes (replaces tenant_log_seq).
--
-- Until now every audited unit numbered its deletion-log and audit entries from its tenant's row in
-- tenant_log_seq and kept that row locked through its COMMIT, so a tenant committed one audited unit
-- per commit time. From now on an entry's seq is
--
--     lockstep_log_position(xid) + ordinal
--
-- where xid is the writing transaction's id (pg_current_xact_id(), 64 bits, never wraps) and the
-- ordinal counts the unit's entries of that tenant, 0 .. 65535 (both logs share it). Two units of
-- one tenant take no lock in common, and ids are unique, so positions never collide.
--
-- xid order is not commit order: a transaction with a lower xid may commit after a higher one. So a
-- reader returns only entries below lockstep_log_horizon(), the position of the oldest transaction
-- of this database still running in its snapshot (never below pg_snapshot_xmin's): every transaction
-- of this database below it has ended, and every one still to commit has an id at or above it, so
-- no later commit can put an entry below a position a reader has seen. An entry becomes readable
-- once every transaction that started writing before it has ended; `seq` stays strictly increasing
-- per tenant in the order readers see entries.
--
-- A unit with more than 65,536 entries of one tenant takes one more block of positions per 65,536:
-- the id of a subtransaction it opens for that (a SAVEPOINT whose first write, a row in
-- log_position_blocks, assigns the subtransaction its own xid, above the unit's and unique to it).
--
-- The positions of the entries written before this migration (per-tenant counters from 1) stay as
-- they are: the base of lockstep_log_position is raised so that the first position handed out from
-- now on is above every seq that exists or that a cursor can hold (tenant_log_seq.last_seq). The
-- tables are locked first, so no writer of the old scheme numbers an entry between reading the
-- maximum and dropping the table.
--
-- The same holds after a logical restore (pg_dump / pg_restore, or logical replication into another
-- cluster): the new cluster counts transaction ids afresh, below the ones the restored positions came
-- from. Run SELECT lockstep_log_rebase(); once there, before the first write. (A physical copy, a
-- standby or pg_upgrade keeps the ids and needs nothing.)
LOCK TABLE tenant_log_seq, deletion_log, audit_log IN EXCLUSIVE MODE;

CREATE FUNCTION lockstep_log_position(x xid8) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS 'SELECT 0 + ((x::text::bigint) << 16)';

-- Raises the base of lockstep_log_position, never lowers it, so that the next transaction's first
-- position lies above every seq in the logs and above at_least; answers the base. Takes the logs'
-- EXCLUSIVE lock for its transaction; run it while nothing writes (a writer that already has its id
-- would still number from below the new floor).
CREATE FUNCTION lockstep_log_rebase(at_least bigint DEFAULT 0) RETURNS bigint
  LANGUAGE plpgsql
  AS $f$
DECLARE
  top      bigint;
  old_base bigint := lockstep_log_position('0'::xid8);
  base     bigint;
BEGIN
  LOCK TABLE deletion_log, audit_log IN EXCLUSIVE MODE;
  SELECT GREATEST(at_least,
                  COALESCE((SELECT max(seq) FROM deletion_log), 0),
                  COALESCE((SELECT max(seq) FROM audit_log), 0))
    INTO top;
  -- this transaction's own id is below every id a later writer gets
  base := GREATEST(old_base, top + 1 - ((pg_current_xact_id()::text::bigint) << 16));
  IF base <> old_base THEN
    EXECUTE format(
      $d$CREATE OR REPLACE FUNCTION lockstep_log_position(x xid8) RETURNS bigint
           LANGUAGE sql IMMUTABLE PARALLEL SAFE
           AS 'SELECT %s + ((x::text::bigint) << 16)'$d$,
      base);
  END IF;
  RETURN base;
END
$f$;

SELECT lockstep_log_rebase((SELECT COALESCE(max(last_seq), 0) FROM tenant_log_seq));

COMMENT ON FUNCTION lockstep_log_position(xid8) IS
  'The first log position (seq) of the transaction or subtransaction with this id; 65,536 per id.';

-- The position below which every entry is final for the calling statement's snapshot: that of the
-- oldest transaction the snapshot sees running (pg_snapshot_xip), or of the first id not yet handed
-- out (pg_snapshot_xmax) when there is none. Ids are counted for the whole cluster, but only this
-- database's transactions write its logs: a running id that pg_stat_get_activity shows on a backend
-- of another database is skipped, so a long transaction elsewhere holds back no reader here. An id it
-- cannot place (ended since the snapshot, a prepared transaction, a backend it may not see, or a
-- standby, which sees only its own backends) counts as this database's: waiting is always safe.
CREATE FUNCTION lockstep_log_horizon() RETURNS bigint
  LANGUAGE sql STABLE
  AS $f$
    SELECT lockstep_log_position(COALESCE(
             (SELECT min(x) FROM pg_snapshot_xip(s) AS x
               WHERE NOT EXISTS (
                       SELECT 1 FROM pg_stat_get_activity(NULL) AS a
                        WHERE a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND a.backend_xid::text::bigint = x::text::bigint % 4294967296)),
             pg_snapshot_xmax(s)))
      FROM pg_current_snapshot() AS s
  $f$;

-- One row per extra block of positions a unit takes, written in the subtransaction the block is
-- named after (its xmin) and deleted again before the unit commits.
CREATE TABLE log_position_blocks (
  top_xid xid8 NOT NULL
);

-- The first position of the block of the current transaction's subtransaction whose 32-bit id is x
-- (the xmin of the row it wrote in log_position_blocks): its 64-bit id has the epoch of the
-- top-level id, or the next one when the 32-bit counter wrapped in between (a subtransaction's id
-- is assigned after its parent's).
CREATE FUNCTION lockstep_log_block_position(x xid) RETURNS bigint
  LANGUAGE sql STABLE
  AS $f$
    SELECT lockstep_log_position(
             ((((t >> 32) + CASE WHEN x::text::bigint < (t & 4294967295) THEN 1 ELSE 0 END) << 32)
               | x::text::bigint)::text::xid8)
      FROM (SELECT pg_current_xact_id()::text::bigint AS t) AS top
  $f$;

DROP TABLE tenant_log_seq;
