package dev.lockstep.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Import;
import io.micronaut.runtime.EmbeddedApplication;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Starts the Lockstep server. An invalid setting stops start-up with a one-line reason.
 *
 * <p>The use cases of {@code application} become beans here: they carry {@code @Singleton} and one
 * constructor, and {@code application} has no Micronaut compiler, so this module compiles their bean
 * definitions ({@code @Import}); a new use case in one of these packages is a bean without wiring.
 */
@Import(
        packages = {
            "dev.lockstep.application.feedback",
            "dev.lockstep.application.idempotency",
            "dev.lockstep.application.identity",
            "dev.lockstep.application.ids",
            "dev.lockstep.application.log",
            "dev.lockstep.application.org",
            "dev.lockstep.application.stack",
            "dev.lockstep.application.tenant",
            "dev.lockstep.application.webhook"
        },
        annotated = "jakarta.inject.Singleton")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "lockstep",
                        version = "0.1",
                        description = "Multi-tenant writes without races. Contract: API.md."))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        ApplicationContext context = null;
        try {
            // Micronaut.run() would log the whole stack trace of a bad setting and exit on its own;
            // starting the context here lets us answer with the one line an operator needs.
            context = ApplicationContext.builder()
                    .args(args)
                    .mainClass(Application.class)
                    .banner(false)
                    .start();
            EmbeddedApplication<?> server = context.getBean(EmbeddedApplication.class);
            server.start();
            ApplicationContext running = context;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                if (running.isRunning()) {
                                    running.close();
                                }
                            },
                            "lockstep-shutdown"));
        } catch (RuntimeException e) {
            System.err.println("lockstep: cannot start: " + StartupFailure.reason(e));
            if (context != null && context.isRunning()) {
                context.close();
            }
            System.exit(1);
        }
    }
}
