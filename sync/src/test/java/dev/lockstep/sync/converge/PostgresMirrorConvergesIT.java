package dev.lockstep.sync.converge;

import dev.lockstep.postgres.testing.TestPostgres;
import java.util.Map;

/** The convergence test on PostgreSQL: the server on a fresh database of the test server. */
class PostgresMirrorConvergesIT extends MirrorConvergesContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Map<String, String> storageEnv() {
        TestPostgres.Database db = TestPostgres.freshDatabase("conv_server");
        return Map.of(
                "LOCKSTEP_STORAGE", "postgres",
                "DATASOURCES_DEFAULT_URL", db.url(),
                "DATASOURCES_DEFAULT_USERNAME", db.user(),
                "DATASOURCES_DEFAULT_PASSWORD", db.password());
    }
}
