package dev.lockstep.http.ops;

import dev.lockstep.http.support.FilterPaths;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docs page ({@code /docs}, the generated Redoc view) may load only what this server serves: a
 * Content-Security-Policy keeps the browser from fetching anything elsewhere (Redoc's bundle would
 * otherwise show a logo from its vendor's CDN) and lets only the page's own inline script run, by
 * its hash, besides the bundled script.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // /docs and /docs/** itself, see FilterPaths
public final class DocsPageHeaders {
    static final String INDEX = "classpath:META-INF/swagger/views/redoc/index.html";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private final String policy;

    public DocsPageHeaders(ResourceResolver resources) {
        String index = resources
                .getResourceAsStream(INDEX)
                .map(DocsPageHeaders::read)
                .orElseThrow(() -> new IllegalStateException("the build did not generate " + INDEX));
        this.policy = policy(index);
    }

    /** The policy for a page whose inline scripts are those of {@code indexHtml}. */
    static String policy(String indexHtml) {
        List<String> scripts = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(indexHtml);
        while (m.find()) {
            scripts.add("'sha256-" + sha256Base64(m.group(1)) + "'");
        }
        // Redoc: styled-components insert <style> elements, the search index runs in a Worker made
        // from a blob: URL, icons are data: URLs, and the document is fetched from /openapi.yml.
        return "default-src 'none'; script-src 'self' " + String.join(" ", scripts)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:"
                + "; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'"
                + "; frame-ancestors 'none'";
    }

    @ResponseFilter
    public void restrictToThisServer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!FilterPaths.under(request.getPath(), "docs")) {
            return;
        }
        response.getHeaders().set("Content-Security-Policy", policy);
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        response.getHeaders().set("Referrer-Policy", "no-referrer");
    }

    private static String sha256Base64(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
