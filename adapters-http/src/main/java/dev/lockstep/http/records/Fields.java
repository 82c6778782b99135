package dev.lockstep.http.records;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the domain values of one request body and answers every bad field at once (one 400 with
 * all of them in {@code errors[]}) instead of only the first.
 */
final class Fields {
  private final List<FieldError> errors = new ArrayList<>();

  /** The value, or {@code null} after noting why the field is bad. */
  <T> T take(Supplier<T> make) {
    try {
      return make.get();
    } catch (DomainException e) {
      if (e.code() != ErrorCode.VALIDATION_FAILED) {
        throw e;
      }
      errors.addAll(e.errors());
      return null;
    }
  }

  void require(String field, Object value) {
    if (value == null) {
      errors.add(new FieldError(field, "is required"));
    }
  }

  /** Throws the collected 400, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw DomainException.validation(errors);
    }
  }
}
