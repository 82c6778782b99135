package dev.lockstep.http.support;

import io.micronaut.http.HttpStatus;

/**
 * The error codes of API.md that only the HTTP adapter produces: nothing below the controllers can
 * be out of an API key's scope, over a size limit, of the wrong method or media type. None is
 * retryable.
 */
public enum HttpErrorCode {
    /** The API key may not act on the tenant, or the route needs an admin key. */
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN),
    /** The route exists, the method does not; the answer carries {@code Allow}. */
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    URI_TOO_LONG("uri_too_long", HttpStatus.REQUEST_URI_TOO_LONG),
    HEADERS_TOO_LARGE("headers_too_large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
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
