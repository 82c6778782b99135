package dev.lockstep.http.config;

/** An empty environment variable means "not set", not "set to nothing". */
final class Blank {
    private Blank() {}

    static String toNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
