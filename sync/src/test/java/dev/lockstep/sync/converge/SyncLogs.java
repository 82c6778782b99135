package dev.lockstep.sync.converge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures read from a sync client's log. */
final class SyncLogs {
    private SyncLogs() {}

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The highest lag any status line reported. */
    static String maxLag(List<String> lines) {
        double max = SyncClientProcess.statuses(lines).stream()
                .mapToDouble(SyncClientProcess.Status::lagSeconds)
                .max()
                .orElse(0);
        return String.format(Locale.ROOT, "%.1f s", max);
    }

    /** Each tenant's last status line that ended a run ("stopped", "caught up…", "failed"), else its last. */
    static List<String> lastStatuses(List<String> lines) {
        Map<String, String> last = new LinkedHashMap<>();
        for (String l : lines) {
            var m = SyncClientProcess.STATUS.matcher(l);
            if (m.find()) {
                last.put(m.group(1), l.substring(l.indexOf("tenant=")));
            }
        }
        return new ArrayList<>(last.values());
    }
}
