package dev.lockstep.http.support;

/**
 * Which filter applies to a path, decided in the filter itself. Every filter of this server is
 * declared {@link io.micronaut.http.annotation.ServerFilter#MATCH_ALL_PATTERN}: Micronaut keeps such
 * filters in its precomputed list, while each filter with a narrower pattern is matched with its Ant
 * matcher, and the list sorted again, on every request (our four cost a tenth of the server's CPU on
 * an identity GET; Micronaut's own filters that match by pattern or annotation still cost about 6 %).
 * {@link #under} gives the answer the Ant pattern {@code /<segment>/**} gave, which
 * {@code FilterPathsTest} checks against Micronaut's matcher.
 */
public final class FilterPaths {
    private FilterPaths() {}

    /**
     * Whether {@code path} matches the Ant patterns {@code /<segment>} and {@code /<segment>/**}: it
     * starts with a slash and its first segment, ignoring empty ones and surrounding blanks as the Ant
     * matcher does, is {@code segment}.
     */
    public static boolean under(String path, String segment) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int i = 0;
        int n = path.length();
        while (i < n) {
            int end = path.indexOf('/', i);
            if (end < 0) {
                end = n;
            }
            String token = path.substring(i, end).trim();
            if (!token.isEmpty()) {
                return token.equals(segment);
            }
            i = end + 1;
        }
        return false;
    }
}
