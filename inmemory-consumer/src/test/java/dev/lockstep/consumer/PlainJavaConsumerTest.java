package dev.lockstep.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.inmemory.InMemoryStorage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a team gets that reuses adapters-inmemory as a plain-Java test fake: this module's test
 * classpath is adapters-inmemory's as a dependency (plus JUnit and AssertJ), exactly a consumer's.
 * The README's example runs on it, and no Micronaut or Reactor jar is on it.
 */
class PlainJavaConsumerTest {

    /** The README's example, line for line (section "Using the domain and the in-memory adapter…"). */
    private static final List<String> README_EXAMPLE = List.of(
            "StoragePorts storage = new InMemoryStorage(Clock.systemUTC(), StorageSettings.defaults());",
            "new PurgeTenantData(storage.tenantWriteLocks()).purge(TenantId.of(\"acme\"));");

    @Test
    void theReadmeExampleRunsOnAConsumersClasspath() throws Exception {
        TenantId acme = TenantId.of("acme");
        // the README's example (README_EXAMPLE), with a record of acme first for the purge to remove
        StoragePorts storage = new InMemoryStorage(Clock.systemUTC(), StorageSettings.defaults());
        new CreateFeedbackRecord(
                        storage.feedbackRecordGatedCreate(),
                        storage.tenantWriteLocks(),
                        new UuidIdGenerator(),
                        Clock.systemUTC())
                .create(acme, null, new FeedbackPayload(Map.of("rating", 5)));
        PurgeTenantData.Result purged = new PurgeTenantData(storage.tenantWriteLocks()).purge(TenantId.of("acme"));

        assertThat(purged.byWireName()).containsEntry("feedbackRecords", 1L);
        assertThat(storage.feedbackRecordQueries()
                        .list(acme, PageRequest.first(10))
                        .items())
                .isEmpty();
        ((AutoCloseable) storage).close();
    }

    @Test
    void theExampleRunHereIsTheReadmes() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md")).stream()
                .map(String::strip)
                .toList();
        assertThat(readme).containsSubsequence(README_EXAMPLE);
    }

    @Test
    void noMicronautOrReactorJarIsOnAConsumersClasspath() {
        List<String> entries =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertThat(entries).as("the scan sees the real test classpath").anyMatch(e -> e.contains("adapters-inmemory"));
        assertThat(entries)
                .as("Micronaut or Reactor on a plain-Java consumer's classpath")
                .noneMatch(e -> {
                    String jar = new File(e).getName();
                    return jar.startsWith("micronaut-") || jar.startsWith("reactor-");
                });
        for (String framework : List.of(
                "io.micronaut.context.ApplicationContext",
                "io.micronaut.core.annotation.Nullable",
                "io.micronaut.inject.BeanDefinition",
                "io.micronaut.flyway.FlywayMigrator",
                "reactor.core.publisher.Flux")) {
            assertThatThrownBy(() -> Class.forName(framework)).as(framework).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
