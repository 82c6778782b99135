package dev.lockstep.domain.org;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The slug rule, once for both storage adapters: a slug is derived from an organization's name at
 * creation and never changes afterwards.
 *
 * <ul>
 *   <li>{@link #fromName}: accents are transliterated (NFKD decomposition, combining marks dropped,
 *       plus a few letters that do not decompose such as {@code ß → ss}), the result is lower-case
 *       ASCII, every run of other characters becomes one {@code -}, leading and trailing dashes are
 *       trimmed, and the slug is cut to {@value #MAX_LENGTH} characters. A name with no usable
 *       character gets {@value #FALLBACK}.
 *   <li>{@link #candidate}: the n-th choice for a base slug: the base itself, then {@code base-2},
 *       {@code base-3}, …, the base cut so the whole stays within {@value #MAX_LENGTH}.
 *   <li>{@link #smallestFree}: the first candidate that is not taken.
 * </ul>
 */
public final class Slugs {
    /** The longest slug (a DNS label). */
    public static final int MAX_LENGTH = 63;

    /** The base slug of a name with no usable character at all. */
    public static final String FALLBACK = "org";

    /**
     * Every candidate of a base shares at least this many leading characters with it (cut to 63
     * minus a suffix of up to 12 characters, minus one trimmed dash), so a store can fetch a base's
     * taken slugs with one prefix lookup.
     */
    public static final int FAMILY_PREFIX_LENGTH = 50;

    private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHER_RUNS = Pattern.compile("[^a-z0-9]+");

    /** Letters that NFKD does not split into a base letter and a mark. */
    private static final Map<Character, String> EXTRA = Map.ofEntries(
            Map.entry('ß', "ss"),
            Map.entry('æ', "ae"),
            Map.entry('Æ', "ae"),
            Map.entry('œ', "oe"),
            Map.entry('Œ', "oe"),
            Map.entry('ø', "o"),
            Map.entry('Ø', "o"),
            Map.entry('đ', "d"),
            Map.entry('Đ', "d"),
            Map.entry('ð', "d"),
            Map.entry('Ð', "d"),
            Map.entry('ł', "l"),
            Map.entry('Ł', "l"),
            Map.entry('þ', "th"),
            Map.entry('Þ', "th"),
            Map.entry('ı', "i"));

    private Slugs() {}

    /** Whether {@code slug} has the shape of a slug (for validating a lookup parameter). */
    public static boolean isValid(String slug) {
        return slug != null
                && slug.length() <= MAX_LENGTH
                && VALID.matcher(slug).matches();
    }

    /** The base slug of {@code name}; never empty, at most {@value #MAX_LENGTH} characters. */
    public static String fromName(String name) {
        StringBuilder replaced = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String extra = EXTRA.get(c);
            if (extra != null) {
                replaced.append(extra);
            } else {
                replaced.append(c);
            }
        }
        String decomposed = Normalizer.normalize(replaced, Normalizer.Form.NFKD);
        String ascii = COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        String dashed = OTHER_RUNS.matcher(ascii).replaceAll("-");
        String slug = trimDashes(cut(trimDashes(dashed), MAX_LENGTH));
        return slug.isEmpty() ? FALLBACK : slug;
    }

    /**
     * The {@code n}-th choice for {@code base}: {@code base} for 1, else {@code base-n} with the base
     * cut (and a trailing dash dropped) so that the whole is at most {@value #MAX_LENGTH} long.
     */
    public static String candidate(String base, int n) {
        if (!isValid(base)) {
            throw new IllegalArgumentException("not a base slug: " + base);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (n == 1) {
            return base;
        }
        String suffix = "-" + n;
        return trimDashes(cut(base, MAX_LENGTH - suffix.length())) + suffix;
    }

    /**
     * How many candidate slugs one insert tries before it gives up with {@code lock_timeout}. A
     * candidate is lost only to an event of another base slug committing that very slug meanwhile,
     * so losing this many in a row is a storm of concurrent events, answered as retryable.
     */
    public static final int CANDIDATES_PER_INSERT = 32;

    /** The first {@link #candidate} of {@code base} that {@code taken} refuses. */
    public static String smallestFree(String base, Predicate<String> taken) {
        for (int n = 1; n < Integer.MAX_VALUE; n++) {
            String c = candidate(base, n);
            if (!taken.test(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no free slug for " + base);
    }

    /** The prefix every candidate of {@code base} starts with (see {@link #FAMILY_PREFIX_LENGTH}). */
    public static String familyPrefix(String base) {
        return cut(base, FAMILY_PREFIX_LENGTH);
    }

    /**
     * A regular expression (valid in Java and in PostgreSQL's {@code ~}) that every candidate of
     * {@code base} matches; for a base short enough never to be cut it matches exactly the
     * candidates, so {@code acme} does not drag in {@code acme-corp}.
     */
    public static String candidatePattern(String base) {
        if (base.length() <= FAMILY_PREFIX_LENGTH) {
            return "^" + base + "(-[1-9][0-9]*)?$";
        }
        return "^" + familyPrefix(base) + "[a-z0-9-]*$";
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
