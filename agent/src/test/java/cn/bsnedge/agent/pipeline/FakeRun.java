package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.TimeJumpDetector;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A sampler wired to fake time and {@link ManualReaders}, and the loop that drives it: jump to
 * the next event (a deadline, a timeout, or a read returning), let returning reads finish, let
 * the sampler start what is due, let reads handed over at that instant run. No thread, no sleep.
 */
final class FakeRun implements AutoCloseable {

    final FakeTime time;
    final ManualReaders readers;
    final List<Reading> readings = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final Sampler sampler;
    /** The sink's answer; tests swap it to refuse readings. */
    volatile Predicate<Reading> accept = r -> true;

    FakeRun(long tickerOrigin, Duration readTimeout) {
        this.time = new FakeTime(tickerOrigin);
        this.readers = new ManualReaders(time);
        TimeJumpDetector wall = new TimeJumpDetector(time, time, TimeJumpDetector.DEFAULT_TOLERANCE, log::add);
        this.sampler = new Sampler(time, wall, ClockStatus.UNSYNCED, readers, readTimeout, r -> {
            if (!accept.test(r)) {
                return false;
            }
            readings.add(r);
            return true;
        }, log::add);
    }

    FakeRun(Duration readTimeout) {
        this(7_000_000_000L, readTimeout);
    }

    /** Processes every event up to and including {@code elapsed} after the start, then sets the time there. */
    void runUntil(Duration elapsed) {
        long end = elapsed.toNanos();
        while (true) {
            readers.runDue();
            sampler.runDue();
            readers.runDue();
            long next = end;
            OptionalLong wake = sampler.nextWake();
            if (wake.isPresent()) {
                next = Math.min(next, wake.getAsLong() - time.at(Duration.ZERO));
            }
            OptionalLong due = readers.nextDue();
            if (due.isPresent()) {
                next = Math.min(next, due.getAsLong());
            }
            if (next <= time.elapsed()) {
                if (time.elapsed() >= end) {
                    return;
                }
                throw new AssertionError("no progress at " + time.elapsed() + " ns: the sampler wants to wake in the past");
            }
            time.setElapsed(next);
        }
    }

    List<Reading> of(SensorCode sensor) {
        return readings.stream().filter(r -> r.sensor().equals(sensor)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.close();
    }
}
