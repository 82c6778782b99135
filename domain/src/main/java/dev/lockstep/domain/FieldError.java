package dev.lockstep.domain;

import java.util.Objects;

/** One rejected input: the JSON path or parameter name, and why. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
