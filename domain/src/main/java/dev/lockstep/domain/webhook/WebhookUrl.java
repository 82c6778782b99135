package dev.lockstep.domain.webhook;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.StorableText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where a webhook delivers: an absolute {@code http} or {@code https} URL with a host, ≤ 2048 characters. */
public record WebhookUrl(String value) {
    public static final int MAX_LENGTH = 2048;

    public WebhookUrl {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw DomainException.validation("url", "must be 1-" + MAX_LENGTH + " characters");
        }
        StorableText.require("url", value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw DomainException.validation("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw DomainException.validation("url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw DomainException.validation("url", "must name a host");
        }
    }

    public static WebhookUrl of(String value) {
        return new WebhookUrl(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
