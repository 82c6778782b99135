package dev.lockstep.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.util.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The filters decide their own paths ({@link FilterPaths}) instead of declaring Ant patterns; each
 * must still apply to exactly the paths its former pattern matched, tricky ones included, or a key
 * check could be skipped on a path the router still routes.
 */
class FilterPathsTest {
    private static final List<String> SEGMENTS = List.of("v1", "health", "docs");

    private static boolean ant(String path, String segment) {
        return PathMatcher.ANT.matches("/" + segment, path) || PathMatcher.ANT.matches("/" + segment + "/**", path);
    }

    @Test
    void agreesWithTheAntPatternsOnHandPickedPaths() {
        List<String> paths = List.of(
                "/v1",
                "/v1/",
                "/v1/tenants/t/identities/x",
                "//v1/tenants/t",
                "///v1",
                "/ v1 /tenants",
                "/v1 /x",
                "/ /v1/x",
                "/v10/x",
                "/v/1",
                "/V1/x",
                "v1/x",
                "/",
                "",
                "/health",
                "/health/liveness",
                "/healthz",
                "//health//readiness",
                "/docs",
                "/docs/res/redoc.standalone.js",
                "/docs.html",
                "/openapi.yml",
                "/x/v1/y",
                "/%76%31/x",
                "/v1%2Fx",
                "/\tv1/x");
        for (String path : paths) {
            for (String segment : SEGMENTS) {
                assertThat(FilterPaths.under(path, segment))
                        .as("%s under /%s", path, segment)
                        .isEqualTo(ant(path, segment));
            }
        }
    }

    @Test
    void agreesWithTheAntPatternsOnRandomPaths() {
        String[] pieces = {"/", "//", " ", "v1", "v", "1", "health", "docs", "x", "\t", ".", ".."};
        Random random = new Random(20261202);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
            for (int k = random.nextInt(6); k > 0; k--) {
                path.append(pieces[random.nextInt(pieces.length)]);
            }
            for (String segment : SEGMENTS) {
                if (FilterPaths.under(path.toString(), segment) != ant(path.toString(), segment)) {
                    disagreements.add("'" + path + "' under /" + segment);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }
}
