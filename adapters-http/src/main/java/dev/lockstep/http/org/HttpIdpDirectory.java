package dev.lockstep.http.org;

import dev.lockstep.domain.org.IdpUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IdP directory over HTTP (WorkOS API): {@code PUT {base-url}/organizations/{idpId}} with
 * {@code {"external_id": id}} and {@code Authorization: Bearer {api-key}}, bounded by a timeout. A
 * failure of the exchange (I/O, timeout, non-2xx answer) is logged, counted ({@code
 * lockstep.idp.push.failures}) and reported as {@link IdpUnavailableException}, so the use case keeps
 * the push pending; anything else is a bug and propagates as it is.
 */
public final class HttpIdpDirectory implements ClosableIdpDirectory {
    private static final Logger log = LoggerFactory.getLogger(HttpIdpDirectory.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient client;
    private final Counter failures;

    public HttpIdpDirectory(String baseUrl, String apiKey, Counter failures) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.failures = failures;
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(CONNECT_TIMEOUT);
        configuration.setReadTimeout(READ_TIMEOUT);
        try {
            this.client = HttpClient.create(new URL(baseUrl), configuration);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("lockstep.idp.base-url is not a URL: " + baseUrl, e);
        }
    }

    @Override
    public void pushExternalId(String idpId, UUID id) {
        URI uri = URI.create(baseUrl + "/organizations/"
                + URLEncoder.encode(idpId, StandardCharsets.UTF_8).replace("+", "%20"));
        try {
            client.toBlocking()
                    .exchange(HttpRequest.PUT(uri, Map.of("external_id", id.toString()))
                            .bearerAuth(apiKey));
        } catch (HttpClientException e) {
            // unreachable, timed out, or an error answer (HttpClientResponseException): expected, retried
            failures.increment();
            log.warn("push of external_id {} to IdP organization {} failed: {}", id, idpId, e.toString());
            throw new IdpUnavailableException("the IdP could not be told: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
