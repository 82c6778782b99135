package dev.lockstep.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookValuesTest {

  @Test
  void urlMustBeHttpOrHttpsWithAHost() {
    assertThat(WebhookUrl.of("https://hooks.example.com/x?y=1").value()).startsWith("https://");
    assertThat(WebhookUrl.of("HTTP://example.com").value()).isEqualTo("HTTP://example.com");
    for (String bad : new String[] {"ftp://example.com", "example.com/x", "https://", "https:///path", "not a url", "javascript:alert(1)", ""}) {
      assertThatThrownBy(() -> WebhookUrl.of(bad)).as(bad).isInstanceOf(DomainException.class);
    }
    assertThatThrownBy(() -> WebhookUrl.of("https://e.com/" + "a".repeat(2048))).isInstanceOf(DomainException.class);
  }

  @Test
  void eventTypesAreDistinctNamesAndMayBeEmpty() {
    assertThat(EventTypes.of(List.of("record.created", "*")).values()).containsExactly("record.created", "*");
    assertThat(EventTypes.of(List.of()).values()).isEmpty();
    assertThatThrownBy(() -> EventTypes.of(List.of("a", "a"))).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> EventTypes.of(List.of("has space"))).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> EventTypes.of(null)).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> EventTypes.of(Collections.nCopies(51, "x"))).isInstanceOf(DomainException.class);
  }

  @Test
  void aChangeKeepsAbsentFieldsAndMovesOnlyToAnotherTenant() {
    TenantId a = TenantId.of("a");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Webhook w = new Webhook(UUID.randomUUID(), a, WebhookUrl.of("https://x.io"), EventTypes.of(List.of("e")), true, t0, t0);
    Instant t1 = t0.plusSeconds(1);
    Webhook changed = w.apply(new WebhookChange(null, null, false, null), t1);
    assertThat(changed.enabled()).isFalse();
    assertThat(changed.url()).isEqualTo(w.url());
    assertThat(changed.tenantId()).isEqualTo(a);
    assertThat(changed.updatedAt()).isEqualTo(t1);
    assertThat(changed.createdAt()).isEqualTo(t0);
    assertThat(new WebhookChange(null, null, null, a).movesFrom(a)).isFalse();
    assertThat(new WebhookChange(null, null, null, TenantId.of("b")).movesFrom(a)).isTrue();
  }
}
