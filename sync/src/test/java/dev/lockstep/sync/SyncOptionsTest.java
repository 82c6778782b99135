package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncOptionsTest {
    private static final String[] BASE = {
        "--url", "http://127.0.0.1:8080/", "--key", "k", "--tenant", "acme", "--target", "jdbc:postgresql://db/m"
    };

    private static String[] with(String... more) {
        String[] out = new String[BASE.length + more.length];
        System.arraycopy(BASE, 0, out, 0, BASE.length);
        System.arraycopy(more, 0, out, BASE.length, more.length);
        return out;
    }

    @Test
    void theDefaultsFollowContinuouslyWithFullPages() throws Exception {
        SyncOptions o = SyncOptions.parse(BASE, k -> null);

        assertThat(o.url()).hasToString("http://127.0.0.1:8080");
        assertThat(o.tenants()).containsExactly("acme");
        assertThat(o.once()).isFalse();
        assertThat(o.poll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.limit()).isEqualTo(100);
        assertThat(o.retryFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.targetUser()).isNull();
    }

    @Test
    void everyOptionIsRead() throws Exception {
        SyncOptions o = SyncOptions.parse(
                with(
                        "--tenant",
                        "beta",
                        "--tenant=acme",
                        "--once",
                        "--poll",
                        "200ms",
                        "--limit=50",
                        "--retry-for",
                        "2m",
                        "--status-every",
                        "1h",
                        "--target-user",
                        "u",
                        "--target-password",
                        "p"),
                k -> null);

        assertThat(o.tenants()).containsExactly("acme", "beta");
        assertThat(o.once()).isTrue();
        assertThat(o.poll()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.limit()).isEqualTo(50);
        assertThat(o.retryFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.statusEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(o.targetUser()).isEqualTo("u");
        assertThat(o.targetPassword()).isEqualTo("p");
    }

    @Test
    void theKeyAndThePasswordMayComeFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("LOCKSTEP_SYNC_KEY", "from-env", "LOCKSTEP_SYNC_TARGET_PASSWORD", "pw");
        SyncOptions o = SyncOptions.parse(
                new String[] {"--url", "http://h:1", "--tenant", "t", "--target", "jdbc:postgresql://db/m"}, env::get);

        assertThat(o.key()).isEqualTo("from-env");
        assertThat(o.targetPassword()).isEqualTo("pw");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--limit 0|--limit must be 1-100",
                "--limit 101|--limit must be 1-100",
                "--poll fast|--poll must be a duration",
                "--retry-for 0s|--retry-for must be more than 0",
                "--tenant a/b|is not a tenant id",
                "--bogus|unknown argument '--bogus'",
                "--tenant|--tenant needs a value",
                "--once=yes|--once takes no value"
            })
    void aWrongCommandLineIsRefusedWithWhatIsWrong(String extra, String message) {
        assertThatThrownBy(() -> SyncOptions.parse(with(extra.split(" ")), k -> null))
                .isInstanceOf(SyncOptions.UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void requiredOptionsAndTheirShapesAreChecked() {
        assertThatThrownBy(() -> SyncOptions.parse(new String[] {"--key", "k"}, k -> null))
                .hasMessageContaining("--url is required");
        assertThatThrownBy(() -> SyncOptions.parse(
                        new String[] {"--url", "ftp://h", "--key", "k", "--tenant", "t", "--target", "jdbc:postgresql:x"
                        },
                        k -> null))
                .hasMessageContaining("--url must be an http(s) URL");
        assertThatThrownBy(() -> SyncOptions.parse(
                        new String[] {"--url", "http://h", "--key", "k", "--tenant", "t", "--target", "jdbc:mysql://h/x"
                        },
                        k -> null))
                .hasMessageContaining("--target must be a jdbc:postgresql: URL");
        assertThatThrownBy(() -> SyncOptions.parse(
                        new String[] {"--url", "http://h", "--key", "k", "--target", "jdbc:postgresql://h/x"},
                        k -> null))
                .hasMessageContaining("at least one --tenant is required");
    }

    @Test
    void theLogNeverShowsTheTargetPassword() {
        assertThat(Sync.redacted("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }
}
