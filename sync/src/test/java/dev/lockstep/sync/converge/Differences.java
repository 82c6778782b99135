package dev.lockstep.sync.converge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Row-for-row comparison of a mirror with the service, per tenant and kind: rows missing from the
 * mirror, rows the mirror has that the service has not, and rows that differ (as JSON values: object
 * member order does not count, everything else does).
 */
final class Differences {
    private final List<String> found = new ArrayList<>();
    private final Map<String, Integer> compared = new TreeMap<>();

    /** Compares {@code kinds} of every tenant in {@code service}. */
    static Differences between(Snapshot service, Snapshot mirror, List<String> kinds) {
        Differences d = new Differences();
        service.rows().forEach((tenant, byKind) -> {
            for (String kind : kinds) {
                d.compare(tenant, kind, service.of(tenant, kind), mirror.of(tenant, kind));
            }
        });
        return d;
    }

    private void compare(String tenant, String kind, Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        TreeSet<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        int n = 0;
        for (String id : ids) {
            JsonNode want = expected.get(id);
            JsonNode got = actual.get(id);
            if (want == null) {
                found.add(tenant + " " + kind + " " + id + ": in the mirror, not in the service: " + got);
            } else if (got == null) {
                found.add(tenant + " " + kind + " " + id + ": in the service, missing from the mirror: " + want);
            } else {
                n++;
                if (!want.equals(got)) {
                    found.add(
                            tenant + " " + kind + " " + id + ": differs\n    service " + want + "\n    mirror  " + got);
                }
            }
        }
        compared.merge(kind, n, Integer::sum);
    }

    boolean none() {
        return found.isEmpty();
    }

    List<String> found() {
        return List.copyOf(found);
    }

    /** Rows present on both sides, per kind (the rows compared field for field). */
    Map<String, Integer> compared() {
        return Map.copyOf(compared);
    }

    /** At most {@code n} of the differences, one per line, and how many there are. */
    String summary(int n) {
        StringBuilder b = new StringBuilder(found.size() + " differences");
        found.stream().limit(n).forEach(f -> b.append("\n  ").append(f));
        if (found.size() > n) {
            b.append("\n  …");
        }
        return b.toString();
    }
}
