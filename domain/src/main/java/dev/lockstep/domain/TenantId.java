package dev.lockstep.domain;

import java.util.regex.Pattern;

/** A tenant id: 1–128 characters of {@code [A-Za-z0-9._:-]}. Comparable, so multi-tenant locks sort. */
public record TenantId(String value) implements Comparable<TenantId> {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw DomainException.validation("tenantId", "must be 1-128 characters of [A-Za-z0-9._:-]");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
