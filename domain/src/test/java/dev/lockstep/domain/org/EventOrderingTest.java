package dev.lockstep.domain.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.org.EventOrdering.Order;
import dev.lockstep.domain.org.OrganizationEvent.Type;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventOrderingTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final String OLD = "event_01JD0000000000000000000001";
  private static final String NEW = "event_01JD0000000000000000000002";

  private static OrganizationEvent event(String id, Type type, Instant updatedAt) {
    return new OrganizationEvent(id, type, "org_1", "Acme", null, List.of(), updatedAt);
  }

  @Test
  void greaterUlidIsNewerWhateverUpdatedAtSays() {
    assertThat(EventOrdering.compare(OLD, T, false, event(NEW, Type.UPDATED, T.minusSeconds(60)))).isEqualTo(Order.NEWER);
  }

  @Test
  void smallerUlidIsStaleWhateverUpdatedAtSays() {
    assertThat(EventOrdering.compare(NEW, T, false, event(OLD, Type.UPDATED, T.plusSeconds(60)))).isEqualTo(Order.STALE);
  }

  @Test
  void sameIdIsADuplicate() {
    assertThat(EventOrdering.compare(NEW, T, false, event(NEW, Type.UPDATED, T))).isEqualTo(Order.DUPLICATE);
    assertThat(EventOrdering.compare("evt-1", T, false, event("evt-1", Type.UPDATED, T.plusSeconds(5)))).isEqualTo(Order.DUPLICATE);
  }

  @Test
  void ulidComparisonIgnoresCase() {
    assertThat(EventOrdering.compare(NEW, T, false, event(NEW.toLowerCase(), Type.UPDATED, T))).isEqualTo(Order.DUPLICATE);
    assertThat(EventOrdering.compare(OLD.toLowerCase(), T, false, event(NEW, Type.UPDATED, T))).isEqualTo(Order.NEWER);
  }

  @Test
  void updatedAtDecidesWhenEitherIdIsNotAUlid() {
    assertThat(EventOrdering.compare("evt-9", T, false, event(NEW, Type.UPDATED, T.plusMillis(1)))).isEqualTo(Order.NEWER);
    assertThat(EventOrdering.compare(NEW, T, false, event("evt-9", Type.UPDATED, T.minusMillis(1)))).isEqualTo(Order.STALE);
    assertThat(EventOrdering.compare("event_not-a-ulid", T, false, event(OLD, Type.UPDATED, T.plusSeconds(1)))).isEqualTo(Order.NEWER);
  }

  @Test
  void equalUpdatedAtIsADuplicateOfTheDataAlreadyHeld() {
    assertThat(EventOrdering.compare("evt-1", T, false, event("evt-2", Type.UPDATED, T))).isEqualTo(Order.DUPLICATE);
  }

  @Test
  void deletionAtEqualUpdatedAtStillDeletesALiveOrganization() {
    assertThat(EventOrdering.compare("evt-1", T, false, event("evt-2", Type.DELETED, T))).isEqualTo(Order.NEWER);
    assertThat(EventOrdering.compare("evt-1", T, true, event("evt-2", Type.DELETED, T))).isEqualTo(Order.DUPLICATE);
  }

  @Test
  void staleUpdateOfADeletedOrganizationIsStale() {
    assertThat(EventOrdering.compare(NEW, T, true, event(OLD, Type.UPDATED, T))).isEqualTo(Order.STALE);
    assertThat(EventOrdering.compare("evt-2", T, true, event("evt-1", Type.UPDATED, T.minusSeconds(1)))).isEqualTo(Order.STALE);
  }

  @Test
  void recognisesOnlyPrefixedCrockfordUlids() {
    assertThat(EventOrdering.ulidOf("event_01JD0000000000000000000001")).isEqualTo("01JD0000000000000000000001");
    assertThat(EventOrdering.ulidOf("01JD0000000000000000000001")).isNull();
    assertThat(EventOrdering.ulidOf("event_01JD000000000000000000000U")).isNull(); // U is not Crockford
    assertThat(EventOrdering.ulidOf("event_81JD0000000000000000000001")).isNull(); // beyond 48-bit time
    assertThat(EventOrdering.ulidOf("event_01JD")).isNull();
  }

  @Test
  void eventWithoutRequiredDataIsRejectedWithFieldErrors() {
    assertThatThrownBy(() -> new OrganizationEvent(" ", Type.UPDATED, "", "", null, List.of(), null))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
              assertThat(e.errors()).extracting(f -> f.field()).containsExactly("id", "data.id", "data.name", "data.updated_at");
            });
  }

  @Test
  void applyingAnEventKeepsSlugAndCreationAndClearsPushWhenIdpEchoesOurId() {
    Organization org =
        NewOrganization.from(event(OLD, Type.CREATED, T), java.util.UUID.randomUUID(), true, T).withSlug("acme");
    OrganizationEvent rename =
        new OrganizationEvent(NEW, Type.UPDATED, "org_1", "Acme Renamed", org.id().toString(), List.of("acme.io"), T.plusSeconds(1));
    Organization after = org.apply(rename, T.plusSeconds(2));
    assertThat(after.slug()).isEqualTo("acme");
    assertThat(after.name()).isEqualTo("Acme Renamed");
    assertThat(after.createdAt()).isEqualTo(T);
    assertThat(after.updatedAt()).isEqualTo(T.plusSeconds(2));
    assertThat(after.externalIdPushPending()).isFalse();
    assertThat(after.lastEventId()).isEqualTo(NEW);
  }
}
