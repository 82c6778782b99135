package dev.lockstep.http.support;

import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.domain.idempotency.StoredAnswer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * A request whose {@code Idempotency-Key} already ran gets the stored answer again: the same status
 * and JSON body, with {@code Idempotent-Replayed: true}. On an {@link AnswersLocation} route it also
 * carries {@code Location} again, as the first answer did, made from the stored body's {@code id}.
 */
@Produces
@Singleton
public final class IdempotentReplayHandler implements ExceptionHandler<IdempotentReplay, HttpResponse<?>> {
    private final JsonMapper json;

    public IdempotentReplayHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, IdempotentReplay replay) {
        StoredAnswer answer = replay.answer();
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(IdempotentRequests.REPLAYED_HEADER, "true")
                .body(answer.body());
        boolean answersLocation = RouteAttributes.getRouteMatch(request)
                .map(route -> route.getAnnotationMetadata().hasAnnotation(AnswersLocation.class))
                .orElse(false);
        if (answersLocation) {
            Object id = createdId(answer.body());
            if (id != null) {
                response.header(HttpHeaders.LOCATION, ApiAnswers.location(request, id));
            }
        }
        return response;
    }

    private Object createdId(String body) {
        try {
            Map<String, Object> created = json.readValue(body, Argument.mapOf(String.class, Object.class));
            return created == null ? null : created.get("id");
        } catch (IOException e) {
            // a stored answer is JSON this server wrote; without an id there is no Location to give
            return null;
        }
    }
}
