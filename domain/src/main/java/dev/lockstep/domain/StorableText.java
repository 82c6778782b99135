package dev.lockstep.domain;

/**
 * The one input rule every string the API accepts follows, wherever it comes from (a body value or
 * key at any depth, a path or query parameter): valid Unicode without U+0000 and without unpaired
 * surrogates. PostgreSQL cannot store U+0000 and silently turns a lone surrogate into {@code ?}, so
 * neither storage accepts them, and a client learns it with a 400 instead of finding its data
 * changed.
 */
public final class StorableText {

    private StorableText() {}

    /**
     * Why {@code text} cannot be kept exactly, or {@code null} when it can (or is null).
     */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (unpaired surrogate at character " + i + ")";
            }
        }
        return null;
    }

    /**
     * Returns {@code text} when it can be kept exactly.
     *
     * @throws DomainException {@code validation_failed} on {@code field} otherwise
     */
    public static String require(String field, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw DomainException.validation(field, problem);
        }
        return text;
    }
}
