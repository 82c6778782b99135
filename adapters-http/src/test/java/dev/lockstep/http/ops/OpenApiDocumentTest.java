package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.support.ProblemCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a client generator needs from the compiled {@code /openapi.yml} beyond what Redocly's lint
 * checks: the problem codes are exactly the server's, and every operation has a stable id, its
 * problem answers and, when it takes a body, an example of it.
 */
class OpenApiDocumentTest {
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/swagger/lockstep-0.1.yml")) {
            assertThat(in).as("the build generates the OpenAPI document").isNotNull();
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... keys) {
        Map<String, Object> current = node;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @Test
    @SuppressWarnings("unchecked")
    void problemCodesAreExactlyTheServersCodes() throws IOException {
        List<String> documented =
                (List<String>) at(document(), "components", "schemas", "Problem", "properties", "code")
                        .get("enum");
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(
                        ProblemCode.all().stream().map(ProblemCode::code).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void examplesOfProblemAnswersCarryTheirOwnStatusAndRetryability() throws IOException {
        Map<String, ProblemCode> codes = new java.util.HashMap<>();
        ProblemCode.all().forEach(c -> codes.put(c.code(), c));
        for (Map.Entry<String, Object> response :
                at(document(), "components", "responses").entrySet()) {
            Map<String, Object> examples =
                    at((Map<String, Object>) response.getValue(), "content", "application/problem+json", "examples");
            assertThat(examples).as(response.getKey()).isNotEmpty();
            for (Map.Entry<String, Object> example : examples.entrySet()) {
                Map<String, Object> value = at((Map<String, Object>) example.getValue(), "value");
                ProblemCode code = codes.get(example.getKey());
                assertThat(code).as(response.getKey() + " " + example.getKey()).isNotNull();
                assertThat(value.get("status")).isEqualTo(code.status().getCode());
                assertThat(value.get("retryable")).isEqualTo(code.retryable());
                assertThat(value.get("type")).isEqualTo(code.type());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasAnIdItsProblemAnswersAndABodyExample() throws IOException {
        Map<String, Object> doc = document();
        Map<String, Object> schemas = at(doc, "components", "schemas");
        List<String> operationIds = new ArrayList<>();
        for (Map.Entry<String, Object> path : at(doc, "paths").entrySet()) {
            for (String method : METHODS) {
                Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) path.getValue()).get(method);
                if (op == null) {
                    continue;
                }
                String where = method + " " + path.getKey();
                String id = (String) op.get("operationId");
                assertThat(id).as(where).matches("[a-z][A-Za-z]+").doesNotContain("_");
                operationIds.add(id);
                Map<String, Object> responses = (Map<String, Object>) op.get("responses");
                assertThat(responses.keySet()).as(where).contains("400", "503");
                assertThat(responses.keySet().stream().filter(s -> s.startsWith("2")))
                        .as(where)
                        .hasSize(1);
                if (op.get("requestBody") != null) {
                    Map<String, Object> json = at(op, "requestBody", "content", "application/json");
                    Object example = json.get("examples");
                    if (example == null) {
                        String ref = (String) ((Map<String, Object>) json.get("schema")).get("$ref");
                        example = ((Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1)))
                                .get("example");
                    }
                    assertThat(example).as("request body example of " + where).isNotNull();
                }
            }
        }
        assertThat(operationIds).doesNotHaveDuplicates().contains("createIdentity", "patchStackEnv", "purgeTenant");
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsAnswer201AndTheStackDeleteAnswers202() throws IOException {
        Map<String, Object> paths = at(document(), "paths");
        assertThat(at(paths, "/v1/tenants/{tenantId}/identities", "post", "responses"))
                .containsKey("201");
        assertThat(at(paths, "/v1/tenants/{tenantId}/identities/{ref}/sessions", "post", "responses"))
                .containsKey("201");
        assertThat(at(paths, "/v1/tenants/{tenantId}/stacks/{slug}", "delete", "responses"))
                .containsKey("202");
        assertThat(at(paths, "/v1/tenants/{tenantId}/identities/{ref}", "delete", "responses"))
                .containsKey("204");
    }
}
