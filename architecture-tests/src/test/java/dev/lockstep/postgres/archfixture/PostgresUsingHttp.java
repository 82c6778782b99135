package dev.lockstep.postgres.archfixture;

import io.micronaut.http.HttpRequest;

/** Deliberately breaks "the PostgreSQL adapter knows nothing of HTTP". Test-only. */
public class PostgresUsingHttp {
  public HttpRequest<?> request;
}
