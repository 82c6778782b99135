package dev.lockstep.http.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.RatelimitInput;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.Ratelimit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the identity routes (API.md "Identities"). */
final class IdentityViews {
    private IdentityViews() {}

    @Serdeable
    @Schema(name = "RatelimitInput")
    record RatelimitBody(
            @Nullable String name, @Nullable Long limit, @Nullable Long durationMs, @Nullable Boolean autoApply) {
        RatelimitInput input() {
            return new RatelimitInput(name, limit, durationMs, autoApply);
        }

        static List<RatelimitInput> inputs(List<RatelimitBody> bodies) {
            return bodies == null
                    ? null
                    : bodies.stream().map(b -> b == null ? null : b.input()).toList();
        }
    }

    @Serdeable
    @Schema(
            name = "CreateIdentity",
            example =
                    "{\"externalId\":\"user-42\",\"meta\":{\"plan\":\"pro\"},\"ratelimits\":[{\"name\":\"api\",\"limit\":100,\"durationMs\":60000,\"autoApply\":true}]}")
    record CreateIdentityBody(
            @Nullable String externalId,
            @Schema(ref = "#/components/schemas/JsonObject") @Nullable Map<String, Object> meta,
            @Nullable List<RatelimitBody> ratelimits) {}

    @Serdeable
    @Schema(
            name = "UpdateIdentity",
            example =
                    "{\"meta\":{\"plan\":\"team\"},\"ratelimits\":[{\"name\":\"api\",\"limit\":500,\"durationMs\":60000,\"autoApply\":true}]}")
    record UpdateIdentityBody(
            @Schema(ref = "#/components/schemas/JsonObject") @Nullable Map<String, Object> meta,
            @Nullable List<RatelimitBody> ratelimits) {}

    @Serdeable
    @Schema(name = "Ratelimit")
    record RatelimitView(String id, String name, long limit, long durationMs, boolean autoApply) {
        static RatelimitView of(Ratelimit r) {
            return new RatelimitView(r.id().toString(), r.name(), r.limit(), r.durationMs(), r.autoApply());
        }
    }

    @Serdeable
    @Schema(name = "Identity")
    record IdentityView(
            String id,
            String externalId,
            @Schema(ref = "#/components/schemas/JsonObject") Map<String, Object> meta,
            List<RatelimitView> ratelimits,
            Instant createdAt,
            Instant updatedAt) {
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
    @Schema(name = "IdentityPage")
    record IdentityPage(List<IdentityView> items, @Nullable String nextCursor) {}

    @Serdeable
    @Schema(name = "SessionCreated")
    record SessionCreated(
            String id,
            @Schema(
                            description = "Shown once: absent from a replayed answer (`Idempotent-Replayed: true`),"
                                    + " since only its hash is stored",
                            requiredMode = Schema.RequiredMode.NOT_REQUIRED)
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    @Nullable
                    String refreshToken,
            Instant createdAt) {
        static SessionCreated of(CreateSession.Created created, @Nullable String refreshToken) {
            return new SessionCreated(
                    created.session().id().toString(),
                    refreshToken,
                    created.session().createdAt());
        }
    }

    @Serdeable
    @Schema(name = "Revoked")
    record Revoked(int revoked) {}

    @Serdeable
    @Schema(name = "SignOut", example = "{\"refreshToken\":\"rt_3q2mZ7k...\"}")
    record SignOutBody(@Nullable String refreshToken) {}
}
