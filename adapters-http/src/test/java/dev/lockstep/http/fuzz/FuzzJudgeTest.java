package dev.lockstep.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzz suite's judge refuses every kind of answer API.md "Errors" rules out, and only those. */
class FuzzJudgeTest {
    private static final Set<String> CODES = Set.of("validation_failed", "method_not_allowed");
    private static final RawHttp.Request GET = new RawHttp.Request("GET", "/v1/x", Map.of(), null);
    private static final RawHttp.Request HEAD = new RawHttp.Request("HEAD", "/v1/x", Map.of(), null);
    private static final String PROBLEM = "application/problem+json";

    private static RawHttp.Response answer(int status, String type, String body, String... more) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        if (type != null) {
            headers.put("content-type", List.of(type));
        }
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], List.of(more[i + 1]));
        }
        return new RawHttp.Response(status, headers, body);
    }

    @Test
    void aProblemWithADeclaredCodeAndItsOwnStatusPasses() {
        assertThat(ApiFuzzContract.judge(
                        GET, answer(400, PROBLEM, "{\"status\":400,\"code\":\"validation_failed\"}"), CODES))
                .isNull();
        assertThat(ApiFuzzContract.judge(GET, answer(201, "application/json", "{}"), CODES))
                .isNull();
        assertThat(ApiFuzzContract.judge(HEAD, answer(404, PROBLEM, ""), CODES)).isNull();
    }

    @Test
    void everyAnswerTheContractRulesOutIsReported() {
        String ok = "{\"status\":400,\"code\":\"validation_failed\"}";
        assertThat(ApiFuzzContract.judge(GET, answer(500, PROBLEM, ok), CODES)).contains("500");
        assertThat(ApiFuzzContract.judge(GET, answer(503, PROBLEM, ok), CODES)).contains("503");
        assertThat(ApiFuzzContract.judge(GET, answer(400, "application/json", ok), CODES))
                .contains("not application/problem+json");
        assertThat(ApiFuzzContract.judge(GET, answer(400, null, ok), CODES)).contains("not application/problem+json");
        assertThat(ApiFuzzContract.judge(HEAD, answer(400, "text/plain", ""), CODES))
                .contains("not application/problem+json");
        assertThat(ApiFuzzContract.judge(GET, answer(400, PROBLEM, "Bad Request"), CODES))
                .contains("not JSON");
        assertThat(ApiFuzzContract.judge(GET, answer(400, PROBLEM, "{\"status\":400,\"code\":7}"), CODES))
                .contains("without a string code");
        assertThat(ApiFuzzContract.judge(GET, answer(400, PROBLEM, "{\"status\":400,\"code\":\"oops\"}"), CODES))
                .contains("does not declare");
        assertThat(ApiFuzzContract.judge(GET, answer(404, PROBLEM, ok), CODES)).contains("status member");
        assertThat(ApiFuzzContract.judge(
                        GET, answer(405, PROBLEM, "{\"status\":405,\"code\":\"method_not_allowed\"}"), CODES))
                .contains("Allow");
        assertThat(ApiFuzzContract.judge(
                        GET,
                        answer(405, PROBLEM, "{\"status\":405,\"code\":\"method_not_allowed\"}", "allow", "GET"),
                        CODES))
                .isNull();
    }
}
