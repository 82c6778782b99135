package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;

/** The typed outcomes of the stack port family, with the API's codes. */
public final class StackErrors {
  private StackErrors() {}

  public static DomainException notFound(Slug slug) {
    return DomainException.notFound("stack " + slug.value());
  }

  public static DomainException exists(Slug slug) {
    return new DomainException(ErrorCode.STACK_EXISTS, "a stack with slug " + slug.value() + " already exists");
  }

  public static DomainException deleting(Slug slug) {
    return new DomainException(ErrorCode.STACK_DELETING, "stack " + slug.value() + " is being torn down");
  }

  public static DomainException envTooLarge(int bytes) {
    return new DomainException(
        ErrorCode.ENV_TOO_LARGE,
        "the merged env would be " + bytes + " bytes as JSON; the limit is " + EnvPatch.MAX_ENV_BYTES);
  }

  public static DomainException lockTimeout(Slug slug) {
    return DomainException.lockTimeout("stack " + slug.value());
  }
}
