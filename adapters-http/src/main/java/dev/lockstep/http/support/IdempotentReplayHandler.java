package dev.lockstep.http.support;

import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.domain.idempotency.StoredAnswer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A request whose {@code Idempotency-Key} already ran gets the stored answer again: the same status
 * and JSON body, with {@code Idempotent-Replayed: true}.
 */
@Produces
@Singleton
public final class IdempotentReplayHandler implements ExceptionHandler<IdempotentReplay, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, IdempotentReplay replay) {
        StoredAnswer answer = replay.answer();
        return HttpResponse.status(HttpStatus.valueOf(answer.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(IdempotentRequests.REPLAYED_HEADER, "true")
                .body(answer.body());
    }
}
