package dev.lockstep.http.org;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lockstep.application.org.ApplyOrganizationEvent;
import dev.lockstep.domain.org.OrganizationEvent;
import dev.lockstep.http.config.IdpProperties;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.HttpErrorCode;
import dev.lockstep.http.support.HttpProblemException;
import dev.lockstep.http.support.RequestIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/idp/events}: the identity provider's webhook, wire-compatible with WorkOS. No API
 * key: the {@code WorkOS-Signature} header is the credential, checked against the raw bytes of the
 * body before anything is parsed. The body is the IdP's own JSON (snake_case, unknown fields
 * ignored), so it is bound as bytes and decoded here rather than by the global strict codec.
 */
@Controller("/v1/idp")
@Tag(name = "Organizations")
public class IdpEventsController {
    private static final Logger log = LoggerFactory.getLogger(IdpEventsController.class);
    private final ApplyOrganizationEvent applyEvent;
    private final IdpWebhookSignature signature;
    private final Clock clock;

    public IdpEventsController(ApplyOrganizationEvent applyEvent, IdpProperties idp, Clock clock) {
        this.applyEvent = applyEvent;
        this.signature = idp.webhookSecret() == null
                ? null
                : new IdpWebhookSignature(idp.webhookSecret(), idp.signatureTolerance());
        this.clock = clock;
    }

    /** The webhook's answer: what the event did, and to which organization (absent when ignored). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "IdpEventOutcome")
    public record EventAnswer(String outcome, @Nullable String organizationId) {}

    @Operation(
            operationId = "receiveIdpEvent",
            summary = "Identity-provider webhook (WorkOS-compatible): organization created/updated/deleted",
            description =
                    "Signed with WorkOS-Signature: t=<unix ms>, v1=<hex HMAC-SHA256(secret, t.body)>; no API key.")
    // security: [] (no API key) is declared in src/main/openapi/no-api-key.yml
    @RequestBody(
            description = "The identity provider's own event (WorkOS's snake_case JSON; unknown fields are ignored)",
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(ref = "#/components/schemas/IdpEvent"),
                            examples =
                                    @ExampleObject(
                                            name = "organization.created",
                                            value =
                                                    "{\"id\":\"event_01JB8ZQ6Y8XJ3K5M7N9P1R3T5V\",\"event\":\"organization.created\",\"data\":{\"object\":\"organization\",\"id\":\"org_01JB8ZQ6Y8\",\"name\":\"Acme Inc\",\"external_id\":null,\"domains\":[{\"domain\":\"acme.example\"}],\"created_at\":\"2026-01-05T10:00:00.000Z\",\"updated_at\":\"2026-01-05T10:00:00.000Z\"},\"created_at\":\"2026-01-05T10:00:00.000Z\"}")))
    @Post(value = "/events", consumes = MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "400", ref = ApiAnswers.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiAnswers.IDP_UNAUTHORIZED)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.IDP_UNAVAILABLE)
    public EventAnswer receive(
            HttpRequest<?> request,
            @Nullable @Header(IdpWebhookSignature.HEADER) String signatureHeader,
            @Nullable @Body byte[] body) {
        if (signature == null) {
            throw new HttpProblemException(
                    HttpErrorCode.IDP_SYNC_NOT_CONFIGURED,
                    "IdP sync is not configured: set lockstep.idp.webhook-secret");
        }
        byte[] raw = body == null ? new byte[0] : body;
        signature.verify(signatureHeader, raw, clock.instant());
        Optional<OrganizationEvent> event = IdpEventDecoder.decode(raw);
        if (event.isEmpty()) {
            return new EventAnswer("ignored", null);
        }
        ApplyOrganizationEvent.Result result = applyEvent.apply(event.get());
        // the organization has committed, so the answer stays 200; a bug in the push must still be seen
        result.unexpectedPushFailure()
                .ifPresent(bug -> log.error(
                        "request {}: pushing organization {} to the IdP failed with a programming error; the push stays pending",
                        RequestIds.of(request),
                        result.organizationId(),
                        bug));
        return new EventAnswer(
                result.outcome().wireName(), result.organizationId().toString());
    }
}
