package dev.lockstep.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lockstep.domain.log.DeletionKind;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OneDeletedGenerationRuleTest {
  private final UUID target = UUID.randomUUID();
  private final UUID older = UUID.randomUUID();

  @Test
  void firstDeleteRemovesNothingForGoodAndRecordsTheIdentityOnce() {
    assertThat(IdentityDeletion.generationToRemove(target, Optional.empty())).isEmpty();
    IdentityDeletion d = new IdentityDeletion(target, Optional.empty(), List.of());
    assertThat(d.deletionLogEntries()).extracting(IdentityDeletion.Entry::kind, IdentityDeletion.Entry::id)
        .containsExactly(tuple(DeletionKind.IDENTITY, target));
  }

  @Test
  void anOlderDeletedGenerationGoesForGoodAndOnlyItsRatelimitsAreRecorded() {
    assertThat(IdentityDeletion.generationToRemove(target, Optional.of(older))).contains(older);
    UUID r1 = UUID.randomUUID();
    UUID r2 = UUID.randomUUID();
    IdentityDeletion d = new IdentityDeletion(target, Optional.of(older), List.of(r1, r2));
    assertThat(d.deletionLogEntries()).extracting(IdentityDeletion.Entry::kind, IdentityDeletion.Entry::id)
        .containsExactly(tuple(DeletionKind.RATELIMIT, r1), tuple(DeletionKind.RATELIMIT, r2), tuple(DeletionKind.IDENTITY, target))
        .doesNotContain(tuple(DeletionKind.IDENTITY, older));
  }

  @Test
  void theTargetIsNeverItsOwnOlderGeneration() {
    assertThat(IdentityDeletion.generationToRemove(target, Optional.of(target))).isEmpty();
    assertThatThrownBy(() -> new IdentityDeletion(target, Optional.of(target), List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentityDeletion(target, Optional.empty(), List.of(UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
