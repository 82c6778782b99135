package dev.lockstep.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.postgres.PostgresStorage;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The PostgreSQL adapter alone, no HTTP: its ports called in a closed loop from C threads over a
 * pool of C connections (as pgbench uses C connections), against the service's own migrated
 * database.
 *
 * <ul>
 *   <li>{@code create-record} ~ B_gated_insert: {@link FeedbackRecordGatedCreate#createGated} (the
 *       one-statement INSERT that takes the tenant try-lock itself) of {@code {}} for a random tenant
 *       among {@code tenant-1..tenant-100}, built the way the use case {@code CreateFeedbackRecord}
 *       builds it (UUIDv7 id, clock time at microsecond precision).
 * </ul>
 *
 * A {@code tenant_write_conflict} counts as status 409, any other failure as an error.
 */
final class AdapterScenarios {
    private AdapterScenarios() {}

    static ClosedLoop.Result run(String name, Args args) throws Exception {
        int clients = args.integer("clients", 16);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args.required("jdbc"));
        config.setUsername(args.get("user", "postgres"));
        config.setPassword(args.get("password", ""));
        config.setMaximumPoolSize(clients);
        config.setMinimumIdle(clients);
        config.setPoolName("bench-adapter");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Clock clock = Clock.systemUTC();
            // Only the entry ports: the driver measures what the use case calls, not adapter internals.
            StoragePorts storage = new PostgresStorage(
                    pool,
                    clock,
                    StorageSettings.defaults()
                            .withTenantLock(StorageSettings.TenantLock.of(args.get("tenant-lock", "advisory"))));
            switch (name) {
                case "create-record":
                    FeedbackRecordGatedCreate store = storage.feedbackRecordGatedCreate();
                    IdGenerator ids = new UuidIdGenerator();
                    FeedbackPayload empty = new FeedbackPayload(Map.of());
                    TenantId[] tenants = new TenantId[100];
                    for (int i = 0; i < tenants.length; i++) {
                        tenants[i] = TenantId.of("tenant-" + (i + 1));
                    }
                    return ClosedLoop.run(
                            "adapter-create-record",
                            clients,
                            args.seconds("warmup", 5),
                            args.seconds("duration", 15),
                            i -> random -> {
                                Instant now = Timestamps.now(clock);
                                try {
                                    store.createGated(new FeedbackRecord(
                                            ids.newId(),
                                            tenants[random.nextInt(tenants.length)],
                                            null,
                                            empty,
                                            now,
                                            now));
                                    return 201;
                                } catch (DomainException e) {
                                    if (HttpScenarios.Sample.first == null) {
                                        HttpScenarios.Sample.first = "create -> " + e;
                                    }
                                    return e.code() == ErrorCode.TENANT_WRITE_CONFLICT ? 409 : 500;
                                }
                            });
                default:
                    throw new IllegalArgumentException("unknown adapter scenario " + name + " (create-record)");
            }
        }
    }
}
