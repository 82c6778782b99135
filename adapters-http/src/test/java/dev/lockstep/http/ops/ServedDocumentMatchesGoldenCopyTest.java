package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code /openapi.yml} a running server serves is, byte for byte, the reviewed copy in {@code
 * src/test/resources/openapi.golden.yml}: a change of an annotation that changes what clients see
 * fails here with a diff, and goes in as a diff of the golden copy that a reviewer reads.
 *
 * <p>After a deliberate change of the document, regenerate the copy (then read its {@code git diff}):
 *
 * <pre>
 * mvn -B -o -q -pl adapters-http -am verify -Dtest=ServedDocumentMatchesGoldenCopyTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dlockstep.openapi.golden=update
 * </pre>
 */
class ServedDocumentMatchesGoldenCopyTest {
    /** Relative to the module, where Maven runs its tests. */
    static final Path GOLDEN = Path.of("src", "test", "resources", "openapi.golden.yml");

    private static final int CONTEXT = 3;
    private static final int MAX_DIFF_LINES = 400;

    @Test
    void theServedDocumentIsTheGoldenCopy() throws IOException {
        String served;
        try (TestServer server = TestServer.start(TestServer.Storage.MEMORY)) {
            TestServer.Response answer = server.send("GET", "/openapi.yml", null, null);
            assertThat(answer.status()).as("GET /openapi.yml").isEqualTo(200);
            served = answer.body();
        }
        if ("update".equals(System.getProperty("lockstep.openapi.golden"))) {
            Files.writeString(GOLDEN, served, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN)
                .as("the golden copy (write it with -Dlockstep.openapi.golden=update)")
                .exists();
        String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        if (!golden.equals(served)) {
            throw new AssertionError("the served /openapi.yml is not " + GOLDEN
                    + "; if the change is meant, regenerate the copy with -Dlockstep.openapi.golden=update"
                    + " (see this test's Javadoc) and commit it with a message that says why\n"
                    + unifiedDiff(lines(golden), lines(served)));
        }
    }

    @Test
    void aChangedLineIsShownWithItsContextAndWhereItIs() {
        List<String> golden = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
        List<String> served = List.of("a", "b", "c", "d", "E", "f", "g", "h", "i", "j", "k", "l", "m");
        assertThat(unifiedDiff(golden, served))
                .isEqualTo("--- " + GOLDEN + "\n+++ GET /openapi.yml\n"
                        + "@@ golden line 2, served line 2 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
                        + "@@ golden line 10, served line 10 @@\n j\n k\n l\n+m\n");
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /**
     * A unified diff ({@code -} golden, {@code +} served) of the lines between the common head and
     * tail, from their longest common subsequence; cut after {@value #MAX_DIFF_LINES} lines.
     */
    static String unifiedDiff(List<String> golden, List<String> served) {
        int head = 0;
        while (head < golden.size() && head < served.size() && golden.get(head).equals(served.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < golden.size() - head
                && tail < served.size() - head
                && golden.get(golden.size() - 1 - tail).equals(served.get(served.size() - 1 - tail))) {
            tail++;
        }
        List<String> a = golden.subList(head, golden.size() - tail);
        List<String> b = served.subList(head, served.size() - tail);
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        // the edit script over the whole documents: ' ' kept, '-' only golden, '+' only served
        List<String> script = new ArrayList<>();
        golden.subList(0, head).forEach(line -> script.add(" " + line));
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                script.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                script.add("-" + a.get(i++));
            } else {
                script.add("+" + b.get(j++));
            }
        }
        golden.subList(golden.size() - tail, golden.size()).forEach(line -> script.add(" " + line));

        StringBuilder out = new StringBuilder("--- " + GOLDEN + "\n+++ GET /openapi.yml\n");
        int shown = 0;
        int lastPrinted = -1;
        int goldenLine = 0;
        int servedLine = 0;
        for (int k = 0; k < script.size() && shown < MAX_DIFF_LINES; k++) {
            char kind = script.get(k).charAt(0);
            if (kind != '+') {
                goldenLine++;
            }
            if (kind != '-') {
                servedLine++;
            }
            if (!nearAChange(script, k)) {
                continue;
            }
            if (lastPrinted < 0 || k != lastPrinted + 1) {
                out.append("@@ golden line ")
                        .append(kind == '+' ? goldenLine + 1 : goldenLine)
                        .append(", served line ")
                        .append(kind == '-' ? servedLine + 1 : servedLine)
                        .append(" @@\n");
            }
            out.append(script.get(k)).append('\n');
            lastPrinted = k;
            shown++;
        }
        if (shown == MAX_DIFF_LINES) {
            out.append("… (diff cut after ").append(MAX_DIFF_LINES).append(" lines)\n");
        }
        return out.toString();
    }

    private static boolean nearAChange(List<String> script, int k) {
        for (int d = Math.max(0, k - CONTEXT); d <= Math.min(script.size() - 1, k + CONTEXT); d++) {
            if (script.get(d).charAt(0) != ' ') {
                return true;
            }
        }
        return false;
    }
}
