package dev.lockstep.http.support;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Refusals only HTTP makes become problem+json here, like the domain's in {@link DomainExceptionHandler}. */
@Produces
@Singleton
public final class HttpProblemHandler implements ExceptionHandler<HttpProblemException, HttpResponse<?>> {
    private final Problems problems;

    public HttpProblemHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, HttpProblemException e) {
        return problems.response(request, e.code(), e.getMessage());
    }
}
