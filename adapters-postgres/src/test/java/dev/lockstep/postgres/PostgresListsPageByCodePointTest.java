package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.ListStacks;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database created with a language collation (the default of many installs) must page stacks in
 * the same order as the in-memory adapter: by code point, so a cursor means the same everywhere
 * (StackEnvContract checks the same order on both adapters over the test's ordinary database).
 * The test database is created with ICU's en-US collation with punctuation shifted (as glibc's
 * en_US.UTF-8 does), which sorts 'a-b' next to 'ab'.
 */
class PostgresListsPageByCodePointTest {
    private static final List<String> SLUGS = List.of("ab", "a-b", "a0", "a", "a-0", "aa", "b", "a9z", "0a");

    @Test
    void stacksPageInCodePointOrderOnADatabaseWithALanguageCollation() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase(
                "collation", "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US-u-ka-shifted' LOCALE 'C.UTF-8'");
        try (var pool = db.pool(4)) {
            assertThat(defaultCollationOrder(db))
                    .as("the database really orders text by language rules, or this test proves nothing")
                    .isNotEqualTo(codePointOrder());
            PostgresStorage.migrate(pool);
            StoragePorts postgres = new PostgresStorage(pool, Clock.systemUTC(), StorageSettings.defaults());
            // the in-memory adapter orders by String (code point for these), as StackEnvContract checks
            assertThat(pageOneByOne(postgres)).isEqualTo(codePointOrder());
        }
    }

    private static List<String> codePointOrder() {
        return SLUGS.stream().sorted().toList();
    }

    /** How the database's own default collation orders the slugs. */
    private static List<String> defaultCollationOrder(TestPostgres.Database db) throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT s FROM unnest(ARRAY['" + String.join("','", SLUGS) + "']) AS s ORDER BY s")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static List<String> pageOneByOne(StoragePorts storage) {
        TenantId tenant = TenantId.of("collation");
        for (String slug : SLUGS) {
            new CreateStack(storage.tenantWriteLocks()).create(tenant, slug, Map.of());
        }
        ListStacks list = new ListStacks(storage.stackQueries());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i <= SLUGS.size(); i++) {
            Page<Stack> page = list.list(tenant, new PageRequest(1, cursor));
            page.items().forEach(s -> seen.add(s.slug().value()));
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return seen;
    }
}
