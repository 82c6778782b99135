package dev.lockstep.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.FieldError;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RatelimitReplaceSemanticsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

  private static Ratelimit existing(String name, long limit) {
    return Ratelimit.create(UUID.randomUUID(), new RatelimitSpec(name, limit, 1000, false), T0);
  }

  @Test
  void namedEntriesKeepIdAndCreatedAtUnnamedOnesAreRemovedNewOnesGetNewIds() {
    Ratelimit a = existing("a", 1);
    Ratelimit b = existing("b", 2);
    Ratelimit c = existing("c", 3);
    UUID fresh = UUID.randomUUID();
    Deque<UUID> ids = new ArrayDeque<>(List.of(fresh));

    RatelimitSet.Replacement r =
        RatelimitSet.replace(
            List.of(a, b, c),
            List.of(new RatelimitSpec("c", 3, 1000, false), new RatelimitSpec("a", 10, 1000, true), new RatelimitSpec("d", 4, 5, false)),
            ids::pop,
            T1);

    assertThat(r.after()).extracting(Ratelimit::name).containsExactly("a", "c", "d");
    Ratelimit a2 = r.after().get(0);
    assertThat(a2.id()).isEqualTo(a.id());
    assertThat(a2.createdAt()).isEqualTo(T0);
    assertThat(a2.updatedAt()).isEqualTo(T1);
    assertThat(a2.limit()).isEqualTo(10);
    assertThat(a2.autoApply()).isTrue();
    assertThat(r.after().get(1)).as("asked for unchanged: untouched").isSameAs(c);
    assertThat(r.after().get(2).id()).isEqualTo(fresh);
    assertThat(r.changed()).containsExactly(a2);
    assertThat(r.inserted()).extracting(Ratelimit::name).containsExactly("d");
    assertThat(r.removed()).containsExactly(b);
  }

  @Test
  void emptyWantedSetRemovesEverything() {
    Ratelimit a = existing("a", 1);
    RatelimitSet.Replacement r = RatelimitSet.replace(List.of(a), List.of(), UUID::randomUUID, T1);
    assertThat(r.after()).isEmpty();
    assertThat(r.removed()).containsExactly(a);
  }

  @Test
  void duplicateNamesAreRejectedWithTheirPosition() {
    List<RatelimitSpec> dups =
        List.of(new RatelimitSpec("x", 1, 1, false), new RatelimitSpec("y", 1, 1, false), new RatelimitSpec("x", 2, 1, false));
    assertThatThrownBy(() -> RatelimitSet.requireValid(dups))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("ratelimits[2].name"));
  }

  @Test
  void specBoundsAreChecked() {
    assertThatThrownBy(() -> new RatelimitSpec(" ", 1, 1, false)).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new RatelimitSpec("a", 0, 1, false)).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new RatelimitSpec("a", 1, 0, false)).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new RatelimitSpec("n".repeat(129), 1, 1, false)).isInstanceOf(DomainException.class);
    assertThat(new RatelimitSpec("n".repeat(128), 1, RatelimitSpec.MAX_DURATION_MS, true).autoApply()).isTrue();
  }
}
