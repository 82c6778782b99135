package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.StorableText;
import dev.lockstep.domain.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A change to a stack's env, the body of {@code PATCH …/env}: a non-empty value sets the key, an
 * empty string or {@code null} deletes it. The merge rule, the 65,536-byte cap and the counts live
 * here once; both storage adapters call {@link #applyTo} on the env they read under the stack's row
 * lock, so a rejected merge is decided before anything is written.
 *
 * <p>Names must be {@code [A-Za-z_][A-Za-z0-9_]{0,255}}. Values must be text PostgreSQL's
 * {@code jsonb} can hold unchanged (no U+0000, no unpaired surrogate), so both storages keep exactly
 * what they were given.
 */
public record EnvPatch(Map<String, String> changes) {

    /** The largest env, in bytes of its compact JSON form ({@link JsonObject#byteSize}). */
    public static final int MAX_ENV_BYTES = 65_536;

    public EnvPatch {
        if (changes == null) {
            throw DomainException.validation("env", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : changes.entrySet()) {
            checkEntry(e.getKey(), e.getValue(), errors);
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /**
     * Builds a patch from decoded JSON, where values must be strings or {@code null}.
     *
     * @throws DomainException {@code validation_failed} listing every bad name or value
     */
    public static EnvPatch fromJson(Map<String, ?> json) {
        if (json == null) {
            throw DomainException.validation("env", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : json.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof String) {
                changes.put(e.getKey(), (String) v);
            } else {
                errors.add(new FieldError(field(e.getKey()), "must be a string or null"));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        return new EnvPatch(changes);
    }

    /**
     * Applies this patch to {@code current} (which is not changed).
     *
     * @return the merged env and the counts
     * @throws DomainException {@code env_too_large} when the merged env serialized as JSON exceeds
     *     {@link #MAX_ENV_BYTES}
     */
    public EnvMerge applyTo(Map<String, String> current) {
        TreeMap<String, String> merged = new TreeMap<>(current);
        int set = 0;
        int deleted = 0;
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String value = e.getValue();
            if (value == null || value.isEmpty()) {
                if (merged.remove(e.getKey()) != null) {
                    deleted++;
                }
            } else {
                merged.put(e.getKey(), value);
                set++;
            }
        }
        int bytes = JsonObject.byteSizeOf(merged);
        if (bytes > MAX_ENV_BYTES) {
            throw StackErrors.envTooLarge(bytes);
        }
        return new EnvMerge(merged, set, deleted);
    }

    private static void checkEntry(String name, String value, List<FieldError> errors) {
        if (!EnvName.isValid(name)) {
            errors.add(new FieldError(field(name), "name must match [A-Za-z_][A-Za-z0-9_]{0,255}"));
            return;
        }
        String problem = StorableText.problem(value);
        if (problem != null) {
            errors.add(new FieldError(field(name), problem));
        }
    }

    private static String field(String name) {
        String shown = name == null ? "null" : name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return "env." + shown;
    }
}
