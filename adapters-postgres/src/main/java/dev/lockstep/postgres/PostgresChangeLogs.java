package dev.lockstep.postgres;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deletion log and the audit log. Entries are buffered in the transaction and written right
 * before COMMIT, one statement per tenant and log, numbered from the tenant's row in
 * {@code tenant_log_seq}. That row stays locked until the commit, so the next transaction of the
 * same tenant gets its numbers only after this one is visible: seq order is commit-visible order,
 * which is what makes {@code ?after=seq} a safe cursor. Taking the row last keeps it locked only for
 * the commit itself; tenants are flushed in sorted order, so two multi-tenant transactions cannot
 * deadlock on it.
 */
public final class PostgresChangeLogs {

  private static final Object BUFFER = new Object();

  /** Reserve {@code n} numbers (row lock until commit) and insert the entries numbered from them. */
  private static final String INSERT_DELETIONS =
      """
      WITH s AS (
        INSERT INTO tenant_log_seq AS t (tenant_id, last_seq) VALUES (?, ?)
        ON CONFLICT (tenant_id) DO UPDATE SET last_seq = t.last_seq + EXCLUDED.last_seq
        RETURNING last_seq)
      INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at)
      SELECT ?, s.last_seq - ? + x.ord, x.kind, x.id, ?
        FROM s, unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(kind, id, ord)
      """;

  private static final String INSERT_AUDIT =
      """
      WITH s AS (
        INSERT INTO tenant_log_seq AS t (tenant_id, last_seq) VALUES (?, ?)
        ON CONFLICT (tenant_id) DO UPDATE SET last_seq = t.last_seq + EXCLUDED.last_seq
        RETURNING last_seq)
      INSERT INTO audit_log (tenant_id, seq, action, resource_id, at, details)
      SELECT ?, s.last_seq - ? + x.ord, x.action, x.resource_id, ?, x.details::jsonb
        FROM s, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS x(action, resource_id, details, ord)
      """;

  private final PgTransactions tx;
  private final Clock clock;
  private final Deletions deletions = new Deletions();
  private final Audit audit = new Audit();

  public PostgresChangeLogs(PgTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  public DeletionLog deletionLog() {
    return deletions;
  }

  public AuditLog auditLog() {
    return audit;
  }

  /** Empties both logs of a tenant (the purge); the sequence row stays so cursors remain valid. */
  public TenantOwnedStore purger() {
    return tenant ->
        tx.withConnection(
            c -> {
              try (PreparedStatement d = c.prepareStatement("DELETE FROM deletion_log WHERE tenant_id = ?");
                  PreparedStatement a = c.prepareStatement("DELETE FROM audit_log WHERE tenant_id = ?")) {
                d.setString(1, tenant.value());
                d.executeUpdate();
                a.setString(1, tenant.value());
                a.executeUpdate();
              }
              Buffer buffer = buffer();
              buffer.deletions.remove(tenant);
              buffer.audit.remove(tenant);
              return Map.<PurgeCategory, Long>of();
            });
  }

  private record PendingDeletion(DeletionKind kind, String id) {}

  private record PendingAudit(String action, String resourceId, String detailsJson) {}

  private static final class Buffer {
    final TreeMap<TenantId, List<PendingDeletion>> deletions = new TreeMap<>();
    final TreeMap<TenantId, List<PendingAudit>> audit = new TreeMap<>();
  }

  private Buffer buffer() {
    PgTransactions.Tx t = tx.required();
    return t.attribute(
        BUFFER,
        () -> {
          Buffer b = new Buffer();
          t.beforeCommit(c -> flush(c, b));
          return b;
        });
  }

  private Void flush(Connection c, Buffer b) throws SQLException {
    Timestamp now = Timestamp.from(Timestamps.now(clock));
    // one sorted pass over every tenant touched, so the seq rows are locked in one global order
    TreeMap<TenantId, Boolean> tenants = new TreeMap<>();
    b.deletions.keySet().forEach(t -> tenants.put(t, true));
    b.audit.keySet().forEach(t -> tenants.put(t, true));
    for (TenantId tenant : tenants.keySet()) {
      List<PendingDeletion> ds = b.deletions.getOrDefault(tenant, List.of());
      if (!ds.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(INSERT_DELETIONS)) {
          ps.setString(1, tenant.value());
          ps.setLong(2, ds.size());
          ps.setString(3, tenant.value());
          ps.setLong(4, ds.size());
          ps.setTimestamp(5, now);
          ps.setArray(6, c.createArrayOf("text", ds.stream().map(d -> d.kind().wireName()).toArray()));
          ps.setArray(7, c.createArrayOf("text", ds.stream().map(PendingDeletion::id).toArray()));
          ps.executeUpdate();
        }
      }
      List<PendingAudit> as = b.audit.getOrDefault(tenant, List.of());
      if (!as.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT)) {
          ps.setString(1, tenant.value());
          ps.setLong(2, as.size());
          ps.setString(3, tenant.value());
          ps.setLong(4, as.size());
          ps.setTimestamp(5, now);
          ps.setArray(6, c.createArrayOf("text", as.stream().map(PendingAudit::action).toArray()));
          ps.setArray(7, c.createArrayOf("text", as.stream().map(PendingAudit::resourceId).toArray()));
          ps.setArray(8, c.createArrayOf("text", as.stream().map(PendingAudit::detailsJson).toArray()));
          ps.executeUpdate();
        }
      }
    }
    return null;
  }

  private final class Deletions implements DeletionLog {
    @Override
    public void record(TenantId tenant, DeletionKind kind, String id) {
      buffer().deletions.computeIfAbsent(tenant, t -> new ArrayList<>()).add(new PendingDeletion(kind, id));
    }

    @Override
    public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
      if (ids.isEmpty()) {
        return;
      }
      List<PendingDeletion> list = buffer().deletions.computeIfAbsent(tenant, t -> new ArrayList<>());
      for (String id : ids) {
        list.add(new PendingDeletion(kind, id));
      }
    }

    @Override
    public List<DeletionLogEntry> after(TenantId tenant, long afterSeq, int limit) {
      return tx.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT seq, kind, id, deleted_at FROM deletion_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
              ps.setString(1, tenant.value());
              ps.setLong(2, afterSeq);
              ps.setInt(3, limit);
              List<DeletionLogEntry> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new DeletionLogEntry(
                          rs.getLong(1),
                          tenant,
                          DeletionKind.fromWireName(rs.getString(2)),
                          rs.getString(3),
                          rs.getTimestamp(4).toInstant()));
                }
              }
              return out;
            }
          });
    }
  }

  private final class Audit implements AuditLog {
    @Override
    public void record(TenantId tenant, String action, String resourceId, Map<String, Object> details) {
      buffer()
          .audit
          .computeIfAbsent(tenant, t -> new ArrayList<>())
          .add(new PendingAudit(action, resourceId, Json.write(details == null ? Map.of() : details)));
    }

    @Override
    public List<AuditEvent> after(TenantId tenant, long afterSeq, int limit) {
      return tx.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT seq, action, resource_id, at, details::text FROM audit_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
              ps.setString(1, tenant.value());
              ps.setLong(2, afterSeq);
              ps.setInt(3, limit);
              List<AuditEvent> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new AuditEvent(
                          rs.getLong(1),
                          tenant,
                          rs.getString(2),
                          rs.getString(3),
                          rs.getTimestamp(4).toInstant(),
                          Json.parseObject(rs.getString(5))));
                }
              }
              return out;
            }
          });
    }
  }
}
