package dev.lockstep.http.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The validators of {@link PositiveDuration} and {@link NonNegativeDuration}. */
@Factory
class DurationConstraints {

    @Singleton
    ConstraintValidator<PositiveDuration, Duration> positiveDuration() {
        return (value, annotation, context) -> value == null || (!value.isNegative() && !value.isZero());
    }

    @Singleton
    ConstraintValidator<NonNegativeDuration, Duration> nonNegativeDuration() {
        return (value, annotation, context) -> value == null || !value.isNegative();
    }
}
