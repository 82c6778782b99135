package dev.lockstep.http.ops;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.yml}: the OpenAPI document generated from the controllers at compile time. The
 * browsable page of it, {@code /docs}, is the Redoc view the same build generates next to it and
 * serves as static resources (openapi.properties, application.yml).
 */
@Controller
@Hidden
public class OpenApiController {
    static final String SPEC = "classpath:META-INF/swagger/lockstep-0.1.yml";
    private final String spec;

    public OpenApiController(ResourceResolver resources) {
        this.spec = resources
                .getResourceAsStream(SPEC)
                .map(OpenApiController::read)
                .orElseThrow(() -> new IllegalStateException("the build did not generate " + SPEC));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/openapi.yml")
    @Produces("application/yaml")
    public String openApi() {
        return spec;
    }
}
