package dev.lockstep.http.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.OrganizationEvent;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the IdP's own event JSON (WorkOS: snake_case, gaining fields over time, so unknown fields
 * are ignored here — unlike the rest of the API). Only organization events are decoded; any other
 * event type is empty (answered with {@code ignored}).
 */
final class IdpEventDecoder {

    /**
     * The body is the IdP's own and is read before any Micronaut binding (its signature covers the raw
     * bytes), so it is parsed here with the server's JSON mapper; unknown fields are simply not read.
     */
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private IdpEventDecoder() {}

    /**
     * @throws DomainException {@code validation_failed} for a body that is not a JSON object, or an
     *     organization event missing what it needs
     */
    static Optional<OrganizationEvent> decode(byte[] rawBody) {
        Map<String, Object> root;
        try {
            Object parsed = JSON.readValue(rawBody, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw DomainException.validation("body", "is not a JSON object");
            }
            root = cast(map);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainException d) {
                throw d;
            }
            throw DomainException.validation("body", "is not a JSON object");
        }
        OrganizationEvent.Type type = OrganizationEvent.Type.fromWireName(text(root.get("event")));
        if (type == null) {
            return Optional.empty();
        }
        Map<String, Object> data = root.get("data") instanceof Map<?, ?> m ? cast(m) : Map.of();
        return Optional.of(new OrganizationEvent(
                text(root.get("id")),
                type,
                text(data.get("id")),
                text(data.get("name")),
                text(data.get("external_id")),
                domains(data.get("domains")),
                time(data.get("updated_at"))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** {@code [{"domain": "acme.io", …}]} as WorkOS sends it; plain strings are accepted too. */
    private static List<String> domains(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            Object domain = item instanceof Map<?, ?> m ? m.get("domain") : item;
            if (!(domain instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static Instant time(Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
