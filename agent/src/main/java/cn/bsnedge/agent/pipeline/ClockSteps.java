package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.TimeJump;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Turns each wall-clock jump into a clock-step entry (FORMAT.md §2.9) and hands it to the same
 * sink as readings, without waiting: the batcher seals it at once, like a registry entry. The
 * {@link cn.bsnedge.agent.time.TimeJumpDetector} calls it while the stamp that showed the jump
 * is still being taken, so the entry is queued ahead of every reading stamped after the step.
 *
 * <p>Never blocks and never throws into the stamping thread: a full queue refuses the entry,
 * which the batcher counts as a drop like any other, and which is logged here; the seq is then
 * not used, so the gateway's clock-step seqs stay gap-free in the chain.
 *
 * <p>Times are in milliseconds, as readings are stamped, so the entry's {@code time} equals the
 * time of the readings stamped together with it.
 */
public final class ClockSteps implements Consumer<TimeJump> {

    private final SensorCode gateway;
    private final ClockStatus clockStatus;
    private final Predicate<Entry> sink;
    private final Consumer<String> log;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long nextSeq;

    /**
     * @param gateway     the gateway's code: clock steps carry it where readings carry a sensor's
     * @param lastSeq     the seq of the gateway's last committed clock step, 0 when none
     * @param clockStatus asked once per step: whether the clock is synchronised after it
     * @param sink        the batcher (or the registry gate in front of it); false when it refused
     */
    public ClockSteps(SensorCode gateway, long lastSeq, ClockStatus clockStatus, Predicate<Entry> sink, Consumer<String> log) {
        this.gateway = gateway;
        this.nextSeq = lastSeq + 1;
        this.clockStatus = clockStatus;
        this.sink = sink;
        this.log = log;
    }

    @Override
    public synchronized void accept(TimeJump jump) {
        ClockStep step;
        try {
            step = new ClockStep(gateway, nextSeq, Timestamp.of(jump.to(), TimeResolution.MILLISECONDS), clockStatus.quality(),
                    Timestamp.of(jump.from(), TimeResolution.MILLISECONDS));
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A step below 1 ms (only with a tolerance that fine) vanishes at ms resolution.
            refuse("cannot be recorded: " + e.getMessage());
            return;
        }
        boolean taken;
        try {
            taken = sink.test(step);
        } catch (RuntimeException e) { // e.g. the batcher closed under a last stamp
            taken = false;
        }
        if (!taken) {
            refuse("was not sealed: refused by the sealing queue (full, counted as a drop, or closing) or the registry");
            return;
        }
        nextSeq++;
        queued.incrementAndGet();
        log.accept("clock step " + step.seq() + " queued for sealing: " + step.describe());
    }

    private void refuse(String why) {
        long n = refused.incrementAndGet();
        log.accept("clock step " + nextSeq + " " + why + " (" + n + " clock steps not sealed so far)");
    }

    /** Clock steps handed to the sink and taken. */
    public long queued() {
        return queued.get();
    }

    /** Clock steps the sink refused, or that could not be recorded. */
    public long refused() {
        return refused.get();
    }
}
