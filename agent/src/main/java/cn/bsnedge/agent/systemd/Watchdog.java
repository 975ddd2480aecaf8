package cn.bsnedge.agent.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The watchdog interval systemd expects pings within, read the way {@code sd_watchdog_enabled(3)}
 * reads it: {@code WATCHDOG_USEC} in microseconds, and, when {@code WATCHDOG_PID} is set, only
 * if it names this process (a child the agent started must not think it is watched).
 */
public final class Watchdog {

    private Watchdog() {
    }

    /** The interval, or empty when no watchdog is armed for {@code pid}. Malformed values are logged. */
    public static Optional<Duration> interval(Map<String, String> env, long pid, Consumer<String> log) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String forPid = env.get("WATCHDOG_PID");
        if (forPid != null && !forPid.isEmpty()) {
            try {
                if (Long.parseLong(forPid) != pid) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                log.accept("warning: WATCHDOG_PID='" + forPid + "' is not a process id; ignoring the watchdog");
                return Optional.empty();
            }
        }
        long micros;
        try {
            micros = Long.parseUnsignedLong(usec);
        } catch (NumberFormatException e) {
            log.accept("warning: WATCHDOG_USEC='" + usec + "' is not a number of microseconds; ignoring the watchdog");
            return Optional.empty();
        }
        if (micros <= 0) { // 0 disables; an unsigned value above 2^63 - 1 reads negative: no real interval
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.multiplyExact(Math.min(micros, Long.MAX_VALUE / 1000), 1000)));
    }

    /** sd_watchdog_enabled(3) advises pinging at half the interval, so one late ping is not fatal. */
    public static Duration pingPeriod(Duration interval) {
        return interval.dividedBy(2);
    }
}
