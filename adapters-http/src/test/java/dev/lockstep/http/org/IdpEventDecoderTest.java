package dev.lockstep.http.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.org.OrganizationEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdpEventDecoderTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void decodesAWorkosOrganizationEventIgnoringFieldsItDoesNotKnow() {
    String body =
        """
        {"object":"event","id":"event_01JD0000000000000000000001","event":"organization.updated",
         "data":{"object":"organization","id":"org_01ABC","name":"Acme","external_id":"5f0c9a4e-8b1d-4c3e-9a7f-2d6b1e0c4a55",
                 "allow_profiles_outside_organization":false,"metadata":{"tier":"gold"},
                 "domains":[{"object":"organization_domain","id":"org_domain_1","domain":"acme.io","state":"verified"}],
                 "created_at":"2026-11-01T09:00:00.000Z","updated_at":"2026-11-02T10:30:00.123+01:00"},
         "created_at":"2026-11-02T09:30:00.200Z","brand_new_field":[1,2,3]}
        """;
    OrganizationEvent e = IdpEventDecoder.decode(utf8(body)).orElseThrow();
    assertThat(e.eventId()).isEqualTo("event_01JD0000000000000000000001");
    assertThat(e.type()).isEqualTo(OrganizationEvent.Type.UPDATED);
    assertThat(e.idpId()).isEqualTo("org_01ABC");
    assertThat(e.name()).isEqualTo("Acme");
    assertThat(e.externalId()).isEqualTo("5f0c9a4e-8b1d-4c3e-9a7f-2d6b1e0c4a55");
    assertThat(e.domains()).containsExactly("acme.io");
    assertThat(e.idpUpdatedAt()).isEqualTo(Instant.parse("2026-11-02T09:30:00.123Z"));
  }

  @Test
  void nullExternalIdAndMissingDomainsAreAbsent() {
    String body =
        "{\"id\":\"evt_1\",\"event\":\"organization.created\",\"data\":{\"id\":\"org_1\",\"name\":\"A\",\"external_id\":null,\"updated_at\":\"2026-11-01T09:00:00Z\"}}";
    OrganizationEvent e = IdpEventDecoder.decode(utf8(body)).orElseThrow();
    assertThat(e.externalId()).isNull();
    assertThat(e.domains()).isEmpty();
  }

  @Test
  void otherEventTypesAreNotDecoded() {
    assertThat(IdpEventDecoder.decode(utf8("{\"id\":\"event_1\",\"event\":\"dsync.user.created\",\"data\":{}}"))).isEmpty();
    assertThat(IdpEventDecoder.decode(utf8("{\"id\":\"event_1\"}"))).isEmpty();
  }

  @Test
  void organizationEventWithoutWhatItNeedsNamesTheFields() {
    String body = "{\"id\":\"event_1\",\"event\":\"organization.deleted\",\"data\":{\"id\":\"org_1\",\"name\":\"A\",\"domains\":\"acme.io\",\"updated_at\":\"yesterday\"}}";
    assertThatThrownBy(() -> IdpEventDecoder.decode(utf8(body)))
        .isInstanceOfSatisfying(
            DomainException.class,
            ex -> assertThat(ex.errors()).extracting(FieldError::field).containsExactly("data.domains", "data.updated_at"));
  }

  @Test
  void bodyThatIsNotAJsonObjectIsInvalid() {
    for (String body : List.of("", "[]", "{\"id\":", "\"text\"")) {
      assertThatThrownBy(() -> IdpEventDecoder.decode(utf8(body)))
          .as(body)
          .isInstanceOfSatisfying(DomainException.class, ex -> assertThat(ex.errors()).extracting(FieldError::field).containsExactly("body"));
    }
  }
}
