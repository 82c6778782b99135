package dev.lockstep.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.Locale;

/**
 * Every {@code lockstep.*} setting, typed and checked once at start-up (API.md, "Running it"). Each is
 * also an environment variable: {@code lockstep.tenant.purge-lock-timeout} =
 * {@code LOCKSTEP_TENANT_PURGE_LOCK_TIMEOUT}.
 */
@Context // eager: a bad setting must stop start-up, not the first request
public final class LockstepConfig {

  /** Which storage adapter serves the API. */
  public enum Storage {
    MEMORY,
    POSTGRES
  }

  private final Storage storage;
  private final Duration purgeLockTimeout;
  private final Duration envLockTimeout;
  private final Duration teardownDelay;
  private final String idpWebhookSecret;
  private final String idpBaseUrl;
  private final String idpApiKey;
  private final Duration idpSignatureTolerance;
  private final String bootstrapAdminKey;

  public LockstepConfig(
      @Value("${lockstep.storage:memory}") String storage,
      @Value("${lockstep.tenant.purge-lock-timeout:5s}") Duration purgeLockTimeout,
      @Value("${lockstep.stacks.env-lock-timeout:3s}") Duration envLockTimeout,
      @Value("${lockstep.stacks.teardown-delay:2s}") Duration teardownDelay,
      @Nullable @Value("${lockstep.idp.webhook-secret:}") String idpWebhookSecret,
      @Value("${lockstep.idp.base-url:https://api.workos.com}") String idpBaseUrl,
      @Nullable @Value("${lockstep.idp.api-key:}") String idpApiKey,
      @Value("${lockstep.idp.signature-tolerance:180s}") Duration idpSignatureTolerance,
      @Nullable @Value("${lockstep.bootstrap-admin-key:}") String bootstrapAdminKey,
      @Nullable @Value("${datasources.default.url:}") String datasourceUrl) {
    this.storage = parseStorage(storage);
    this.purgeLockTimeout = positive("lockstep.tenant.purge-lock-timeout", purgeLockTimeout);
    this.envLockTimeout = positive("lockstep.stacks.env-lock-timeout", envLockTimeout);
    if (teardownDelay.isNegative()) {
      throw new InvalidSettingException("lockstep.stacks.teardown-delay must be >= 0, got " + teardownDelay);
    }
    this.teardownDelay = teardownDelay;
    this.idpWebhookSecret = blankToNull(idpWebhookSecret);
    this.idpBaseUrl = idpBaseUrl.endsWith("/") ? idpBaseUrl.substring(0, idpBaseUrl.length() - 1) : idpBaseUrl;
    this.idpApiKey = blankToNull(idpApiKey);
    this.idpSignatureTolerance = positive("lockstep.idp.signature-tolerance", idpSignatureTolerance);
    this.bootstrapAdminKey = blankToNull(bootstrapAdminKey);
    if (this.storage == Storage.POSTGRES && blankToNull(datasourceUrl) == null) {
      throw new InvalidSettingException(
          "lockstep.storage=postgres needs datasources.default.url (env DATASOURCES_DEFAULT_URL), e.g. jdbc:postgresql://127.0.0.1:5432/lockstep");
    }
  }

  private static Storage parseStorage(String value) {
    try {
      return Storage.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("lockstep.storage must be memory or postgres, got '" + value + "'");
    }
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(name + " must be > 0, got " + d);
    }
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public Storage storage() {
    return storage;
  }

  public Duration purgeLockTimeout() {
    return purgeLockTimeout;
  }

  public Duration envLockTimeout() {
    return envLockTimeout;
  }

  public Duration teardownDelay() {
    return teardownDelay;
  }

  /** {@code null} when not configured: the IdP endpoint then answers 503. */
  public @Nullable String idpWebhookSecret() {
    return idpWebhookSecret;
  }

  public String idpBaseUrl() {
    return idpBaseUrl;
  }

  public @Nullable String idpApiKey() {
    return idpApiKey;
  }

  public Duration idpSignatureTolerance() {
    return idpSignatureTolerance;
  }

  public @Nullable String bootstrapAdminKey() {
    return bootstrapAdminKey;
  }
}
