package dev.lockstep.http.identity;

import dev.lockstep.application.identity.RatelimitInput;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.Ratelimit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the identity routes (API.md "Identities"). */
final class IdentityViews {
  private IdentityViews() {}

  @Serdeable
  record RatelimitBody(
      @Nullable String name, @Nullable Long limit, @Nullable Long durationMs, @Nullable Boolean autoApply) {
    RatelimitInput input() {
      return new RatelimitInput(name, limit, durationMs, autoApply);
    }

    static List<RatelimitInput> inputs(List<RatelimitBody> bodies) {
      return bodies == null ? null : bodies.stream().map(b -> b == null ? null : b.input()).toList();
    }
  }

  @Serdeable
  record CreateIdentityBody(
      @Nullable String externalId, @Nullable Map<String, Object> meta, @Nullable List<RatelimitBody> ratelimits) {}

  @Serdeable
  record UpdateIdentityBody(@Nullable Map<String, Object> meta, @Nullable List<RatelimitBody> ratelimits) {}

  @Serdeable
  record RatelimitView(String id, String name, long limit, long durationMs, boolean autoApply) {
    static RatelimitView of(Ratelimit r) {
      return new RatelimitView(r.id().toString(), r.name(), r.limit(), r.durationMs(), r.autoApply());
    }
  }

  @Serdeable
  record IdentityView(
      String id, String externalId, Map<String, Object> meta, List<RatelimitView> ratelimits, Instant createdAt, Instant updatedAt) {
    static IdentityView of(Identity i) {
      return new IdentityView(
          i.id().toString(),
          i.externalId().value(),
          i.meta().value(),
          i.ratelimits().stream().map(RatelimitView::of).toList(),
          i.createdAt(),
          i.updatedAt());
    }
  }

  @Serdeable
  record IdentityPage(List<IdentityView> items, @Nullable String nextCursor) {}

  @Serdeable
  record SessionCreated(String id, String refreshToken, Instant createdAt) {}

  @Serdeable
  record Revoked(int revoked) {}

  @Serdeable
  record SignOutBody(@Nullable String refreshToken) {}
}
