package dev.lockstep.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;

/** Assertions on answers shared by the records HTTP tests. */
final class TenantServerChecks {
  private TenantServerChecks() {}

  /** A 409 tenant_write_conflict that tells the client to retry. */
  static void assertConflict(TestServer.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.object()).containsEntry("code", "tenant_write_conflict").containsEntry("retryable", true);
    assertThat(r.header("Retry-After")).isNotBlank();
  }
}
