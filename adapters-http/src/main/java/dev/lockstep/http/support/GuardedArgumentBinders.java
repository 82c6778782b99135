package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * How controllers receive what the filters established, instead of checking it themselves: the
 * route's {@code {tenantId}} as a {@link TenantId} ({@link TenantGuard} has answered 403 before the
 * controller runs if the key may not act on it), and the {@link Caller} {@link ApiKeyFilter}
 * authenticated.
 */
final class GuardedArgumentBinders {
    private GuardedArgumentBinders() {}

    /** The path's tenant id as a value; a malformed one is the usual 400 with a field error. */
    @Singleton
    static final class TenantIdFromPath implements TypeConverter<String, TenantId> {
        @Override
        public Optional<TenantId> convert(String value, Class<TenantId> targetType, ConversionContext context) {
            try {
                return Optional.of(TenantId.of(value));
            } catch (DomainException e) {
                context.reject(value, e);
                return Optional.empty();
            }
        }
    }

    /** Binds after the filters ({@link PostponedRequestArgumentBinder}): before them no caller is known. */
    @Singleton
    static final class AuthenticatedCaller
            implements TypedRequestArgumentBinder<Caller>, PostponedRequestArgumentBinder<Caller> {
        @Override
        public Argument<Caller> argumentType() {
            return Argument.of(Caller.class);
        }

        @Override
        public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
            Optional<Caller> caller = request.getAttribute(ApiKeyFilter.CALLER, Caller.class);
            return caller.isPresent() ? () -> caller : BindingResult.unsatisfied();
        }
    }
}
