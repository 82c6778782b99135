package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expected outcomes thrown anywhere below the controllers become problem+json here. A conflict or a
 * timeout is the design working, not a failure: logged at debug, never as an error.
 */
@Produces
@Singleton
public final class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<?>> {
  private static final Logger log = LoggerFactory.getLogger(DomainExceptionHandler.class);
  private final Problems problems;

  public DomainExceptionHandler(Problems problems) {
    this.problems = problems;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, DomainException e) {
    if (e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
      log.warn("request {} {}: storage unavailable: {}", RequestIds.of(request), request.getPath(), String.valueOf(e.getCause()));
    } else if (log.isDebugEnabled()) {
      log.debug("request {} {}: {} {}", RequestIds.of(request), request.getPath(), e.code().code(), e.getMessage());
    }
    return problems.response(request, e.code(), e.getMessage(), e.errors());
  }
}
