package cn.bsnedge.agent.systemd;

import java.util.List;

/** The one-line summary {@code systemctl status} shows under "Status:". */
public final class StatusLine {

    /** Failing sensors named in full before the rest are only counted. */
    static final int NAMED_FAILURES = 3;

    private StatusLine() {
    }

    public static String of(PipelineSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("height ").append(s.height());
        int ok = s.sensors() - s.failingSensors().size();
        b.append(", sensors ").append(ok).append('/').append(s.sensors()).append(" ok");
        List<String> failing = s.failingSensors();
        if (!failing.isEmpty()) {
            b.append(" (failing: ").append(String.join(" ", failing.subList(0, Math.min(NAMED_FAILURES, failing.size()))));
            if (failing.size() > NAMED_FAILURES) {
                b.append(" +").append(failing.size() - NAMED_FAILURES).append(" more");
            }
            b.append(')');
        }
        if (s.droppedReadings() > 0) {
            b.append(", ").append(s.droppedReadings()).append(" readings dropped");
        }
        // The anchoring work fills this slot; until then it says so rather than showing 0.
        b.append(", anchor backlog ").append(s.anchorBacklog().isPresent() ? s.anchorBacklog().getAsLong() + " blocks" : "n/a");
        return b.toString();
    }
}
