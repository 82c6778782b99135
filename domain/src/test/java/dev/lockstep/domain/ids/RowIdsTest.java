package dev.lockstep.domain.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowIdsTest {
  @Test
  void parsesCanonicalUuidsAndRejectsAnythingElseWith400() {
    UUID id = UUID.randomUUID();
    assertThat(RowIds.parse("id", id.toString())).isEqualTo(id);
    for (String bad : new String[] {"", "1-1-1-1-1", "not-a-uuid", id + "x", null}) {
      assertThatThrownBy(() -> RowIds.parse("id", bad)).isInstanceOf(DomainException.class);
    }
  }
}
