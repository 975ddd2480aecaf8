package cn.bsnedge.agent.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeJumpDetectorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private final AtomicLong mono = new AtomicLong(-5_000_000_000L); // any origin, negative too
    private final AtomicLong wallOffset = new AtomicLong();
    private final List<String> log = new ArrayList<>();
    private final InstantSource wall = () -> T0.plusNanos(mono.get() + 5_000_000_000L + wallOffset.get());
    private final TimeJumpDetector detector = new TimeJumpDetector(wall, mono::get, Duration.ofMillis(250), log::add);

    private void advance(Duration d) {
        mono.addAndGet(d.toNanos());
    }

    private void step(Duration d) {
        wallOffset.addAndGet(d.toNanos());
    }

    @Test
    void instant_returnsTheWallClockAsIs_evenAcrossAJump() {
        assertEquals(T0, detector.instant());
        advance(Duration.ofSeconds(1));
        step(Duration.ofSeconds(-10));
        assertEquals(T0.plusSeconds(1).minusSeconds(10), detector.instant());
    }

    @Test
    void firstStamp_isNeverAJump_howeverWrongTheClock() {
        step(Duration.ofDays(-3000)); // a Pi booting in 2018
        detector.instant();
        assertEquals(TimeJumpDetector.Snapshot.NONE, detector.snapshot());
    }

    @Test
    void backwardStep_beyondTolerance_isCountedWithFromToAndSize_andLogged() {
        detector.instant();
        advance(Duration.ofSeconds(10));
        step(Duration.ofSeconds(-3));
        detector.instant();

        var s = detector.snapshot();
        assertEquals(1, s.backwardJumps());
        assertEquals(0, s.forwardJumps());
        TimeJump want = new TimeJump(T0.plusSeconds(10), T0.plusSeconds(7), Duration.ofSeconds(-3));
        assertEquals(want, s.lastJump().orElseThrow());
        assertEquals(want, s.lastBackwardJump().orElseThrow());
        assertTrue(want.backwards());
        assertEquals(List.of("wall clock jumped backwards by PT3S (from 2026-03-01T08:00:10Z to 2026-03-01T08:00:07Z);"
                + " readings keep their order by seq, their timestamps go back by the jump"), log);
    }

    @Test
    void backwardStep_smallerThanTheTimeBetweenStamps_isStillAJump() {
        detector.instant();
        advance(Duration.ofSeconds(60));
        step(Duration.ofSeconds(-2)); // the next stamp is still later than the previous one
        detector.instant();
        assertEquals(1, detector.snapshot().backwardJumps());
    }

    @Test
    void forwardStep_isCountedApart_andDoesNotReplaceTheLastBackwardJump() {
        detector.instant();
        step(Duration.ofSeconds(-1));
        advance(Duration.ofSeconds(1));
        detector.instant();
        step(Duration.ofHours(5));
        advance(Duration.ofSeconds(1));
        detector.instant();

        var s = detector.snapshot();
        assertEquals(1, s.backwardJumps());
        assertEquals(1, s.forwardJumps());
        assertEquals(Duration.ofHours(5), s.lastJump().orElseThrow().size());
        assertEquals(Duration.ofSeconds(-1), s.lastBackwardJump().orElseThrow().size());
    }

    @Test
    void stepWithinTolerance_isNoJump() {
        detector.instant();
        advance(Duration.ofSeconds(1));
        step(Duration.ofMillis(-250));
        detector.instant();
        assertEquals(TimeJumpDetector.Snapshot.NONE, detector.snapshot());
    }

    @Test
    void slewing_addsUpPastTheTolerance_withoutEverCountingAsAJump() {
        detector.instant();
        for (int i = 0; i < 100; i++) { // 10 ms per stamp, 1 s in all: NTP slewing at its limit over ~30 min
            advance(Duration.ofSeconds(20));
            step(Duration.ofMillis(-10));
            detector.instant();
        }
        assertEquals(TimeJumpDetector.Snapshot.NONE, detector.snapshot());
    }

    @Test
    void tolerance_mustBePositive() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TimeJumpDetector(wall, mono::get, Duration.ZERO, log::add));
        assertEquals("time jump tolerance PT0S must be positive, e.g. 250ms", e.getMessage());
    }

    @Test
    void onJump_hearsEachJump_beforeTheStampThatShowedItIsReturned() {
        List<String> order = new ArrayList<>();
        List<TimeJump> heard = new ArrayList<>();
        TimeJumpDetector d = new TimeJumpDetector(wall, mono::get, Duration.ofMillis(250), log::add, j -> {
            heard.add(j);
            order.add("jump");
        });
        d.instant();
        advance(Duration.ofSeconds(1));
        step(Duration.ofMillis(-200)); // within tolerance: no jump
        d.instant();
        advance(Duration.ofSeconds(1));
        step(Duration.ofMinutes(-5));
        d.instant();
        order.add("stamp returned");
        advance(Duration.ofSeconds(1));
        step(Duration.ofHours(1));
        d.instant();

        assertEquals(List.of("jump", "stamp returned", "jump"), order);
        assertEquals(2, heard.size());
        assertEquals(Duration.ofMinutes(-5), heard.get(0).size());
        assertEquals(heard.get(1), d.snapshot().lastJump().orElseThrow());
    }
}
