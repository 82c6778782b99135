package dev.lockstep.http.support;

import io.micronaut.http.HttpStatus;

/**
 * The error codes of API.md that only the HTTP adapter produces: nothing below the controllers can
 * be out of an API key's scope, over the body limit or of the wrong media type. None is retryable.
 */
public enum HttpErrorCode {
    /** The API key may not act on the tenant, or the route needs an admin key. */
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    /** The IdP webhook secret is not configured on this server. */
    IDP_SYNC_NOT_CONFIGURED("idp_sync_not_configured", HttpStatus.SERVICE_UNAVAILABLE),
    /** A bug: never expected. */
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR);

    private final String code;
    private final HttpStatus status;

    HttpErrorCode(String code, HttpStatus status) {
        this.code = code;
        this.status = status;
    }

    /** The wire form, e.g. {@code forbidden}. */
    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }
}
