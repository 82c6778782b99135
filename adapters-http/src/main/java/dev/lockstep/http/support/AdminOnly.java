package dev.lockstep.http.support;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a route (or every route of a controller) that needs an admin API key; {@link RequestGuard}
 * answers 403 to any other key before the controller runs.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface AdminOnly {
    /**
     * Whether the route also needs the admin key's scope to be {@code *}: a route that reaches every
     * tenant (the GDPR delete) would otherwise act outside a tenant-scoped admin key's scope.
     */
    boolean allTenants() default false;
}
