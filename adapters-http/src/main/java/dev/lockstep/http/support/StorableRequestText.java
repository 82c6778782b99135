package dev.lockstep.http.support;

import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.StorableText;
import io.micronaut.http.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The API's input rule ({@link StorableText}) for the path and the query of every request, checked
 * by {@link RequestGuard} before any route sees them: each percent-decoded segment, parameter name
 * and value must be UTF-8 that decodes exactly (no byte sequence silently replaced) and hold no
 * U+0000. Bodies are checked where their values become domain values.
 */
final class StorableRequestText {
    private StorableRequestText() {}

    /** The first part of the path or query that is not storable text, as the field error to answer. */
    static Optional<FieldError> problem(HttpRequest<?> request) {
        String rawPath = request.getUri().getRawPath();
        if (rawPath != null) {
            for (String segment : rawPath.split("/", -1)) {
                String problem = problem(segment, false);
                if (problem != null) {
                    return Optional.of(new FieldError("path", problem));
                }
            }
        }
        String rawQuery = request.getUri().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String problem = problem(name, true);
                if (problem == null && eq >= 0) {
                    problem = problem(pair.substring(eq + 1), true);
                }
                if (problem != null) {
                    String shown = decodeLoosely(name);
                    return Optional.of(new FieldError(shown == null || shown.isEmpty() ? "query" : shown, problem));
                }
            }
        }
        return Optional.empty();
    }

    /** Why a percent-encoded part is not storable text, or null. */
    private static String problem(String encoded, boolean plusIsSpace) {
        String decoded;
        try {
            decoded = decodeStrictly(encoded, plusIsSpace);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return "must be valid percent-encoded UTF-8";
        }
        return StorableText.problem(decoded);
    }

    private static String decodeStrictly(String encoded, boolean plusIsSpace) throws CharacterCodingException {
        if (encoded.indexOf('%') < 0 && !(plusIsSpace && encoded.indexOf('+') >= 0)) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
    }

    private static String decodeLoosely(String encoded) {
        try {
            String s = decodeStrictly(encoded, true);
            return StorableText.problem(s) == null ? s : null;
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return null;
        }
    }
}
