package dev.lockstep.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

  @Test
  void anExtraFetchedRowMeansThereIsANextPage() {
    Page<String> page = Page.of(List.of("a", "b", "c"), 2, s -> s);
    assertThat(page.items()).containsExactly("a", "b");
    assertThat(page.nextCursor()).isEqualTo("b");
    assertThat(Page.of(List.of("a", "b"), 2, s -> s).nextCursor()).isNull();
  }

  @Test
  void limitsOutsideOneToHundredAreRejected() {
    assertThatThrownBy(() -> new PageRequest(0, null)).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new PageRequest(101, null)).isInstanceOf(DomainException.class);
    assertThat(new PageRequest(100, "x").limit()).isEqualTo(100);
  }
}
