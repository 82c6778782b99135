package dev.lockstep.http.support;

import dev.lockstep.domain.TenantId;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Hands controllers what the filters established: the {@link TenantId} {@link TenantGuard} checked,
 * and the {@link Caller} {@link ApiKeyFilter} authenticated. A controller that takes a
 * {@code TenantId} on a route the guard did not check gets nothing, and the request fails closed.
 */
final class GuardedArgumentBinders {
    private GuardedArgumentBinders() {}

    @Singleton
    static final class CheckedTenant implements TypedRequestArgumentBinder<TenantId> {
        @Override
        public Argument<TenantId> argumentType() {
            return Argument.of(TenantId.class);
        }

        @Override
        public BindingResult<TenantId> bind(ArgumentConversionContext<TenantId> context, HttpRequest<?> request) {
            Optional<TenantId> tenant = request.getAttribute(TenantGuard.TENANT, TenantId.class);
            return () -> tenant;
        }
    }

    @Singleton
    static final class AuthenticatedCaller implements TypedRequestArgumentBinder<Caller> {
        @Override
        public Argument<Caller> argumentType() {
            return Argument.of(Caller.class);
        }

        @Override
        public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
            Optional<Caller> caller = request.getAttribute(ApiKeyFilter.CALLER, Caller.class);
            return () -> caller;
        }
    }
}
