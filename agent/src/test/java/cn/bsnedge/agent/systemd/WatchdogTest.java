package cn.bsnedge.agent.systemd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WATCHDOG_USEC / WATCHDOG_PID read as sd_watchdog_enabled(3) reads them. */
class WatchdogTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void usecSet_noPid_isTheInterval_andPingsAtHalf() {
        Optional<Duration> d = Watchdog.interval(Map.of("WATCHDOG_USEC", "30000000"), 42, log::add);
        assertEquals(Optional.of(Duration.ofSeconds(30)), d);
        assertEquals(Duration.ofSeconds(15), Watchdog.pingPeriod(d.orElseThrow()));
        assertEquals(List.of(), log);
    }

    @Test
    void pidIsThisProcess_armed_otherProcess_notArmed() {
        assertEquals(Optional.of(Duration.ofMillis(1500)),
                Watchdog.interval(Map.of("WATCHDOG_USEC", "1500000", "WATCHDOG_PID", "42"), 42, log::add));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", "1500000", "WATCHDOG_PID", "41"), 42, log::add));
        assertEquals(List.of(), log);
    }

    @Test
    void unsetOrZero_notArmed() {
        assertEquals(Optional.empty(), Watchdog.interval(Map.of(), 42, log::add));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", ""), 42, log::add));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", "0"), 42, log::add));
        assertEquals(List.of(), log);
    }

    @Test
    void malformed_notArmed_andSaysWhich() {
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", "30s"), 42, log::add));
        assertEquals(Optional.empty(), Watchdog.interval(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "me"), 42, log::add));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).contains("WATCHDOG_USEC='30s'"), log.get(0));
        assertTrue(log.get(1).contains("WATCHDOG_PID='me'"), log.get(1));
    }
}
