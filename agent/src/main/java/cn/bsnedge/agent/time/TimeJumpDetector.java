package cn.bsnedge.agent.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gateway's wall clock, watched for jumps. Every time the sampler stamps a reading it asks
 * here; each stamp reads the wall clock and the monotonic clock together and compares their
 * offset ({@code wall - monotonic}) with the previous stamp's. Slewing (NTP's gradual
 * correction, at most 500 ppm) moves the offset by microseconds between stamps; a step moves it
 * by the size of the step. A change beyond {@code tolerance} is recorded as a jump: counted,
 * remembered and logged.
 *
 * <p>Why the offset and not "this reading is older than the previous one": a backward step
 * smaller than the time between two readings does not show as a decrease at all, yet makes
 * every later timestamp wrong by its size; and stamps taken on different threads may reach a
 * comparison slightly out of order. The offset catches every step, whichever way, including
 * the forward step at a Pi's first NTP sync after boot.
 *
 * <p>Each jump also goes to {@code onJump}, which seals it into the chain as a clock-step entry
 * (FORMAT.md §2.9, {@link cn.bsnedge.agent.pipeline.ClockSteps}). It is called on the stamping
 * thread, under this detector's lock, before the stamp that showed the jump is returned: so
 * whatever it queues is queued before any reading carrying that stamp or a later one. It must
 * not block.
 *
 * <p>Thread-safe. Nothing here changes a timestamp: readings carry the wall time as read, and
 * their order is kept by their sequence numbers (docs/TIME.md).
 */
public final class TimeJumpDetector implements InstantSource {

    /**
     * Well above the jitter of reading two clocks one after the other on a busy Pi (preemption
     * between the two reads), well below the steps NTP clients make (chrony and ntpd step
     * beyond 128 ms only after slewing fails; a boot-time step is typically minutes to years).
     */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMillis(250);

    /** What has been seen so far; an immutable value for status and logs. */
    public record Snapshot(long backwardJumps, long forwardJumps, Optional<TimeJump> lastJump,
                           Optional<TimeJump> lastBackwardJump) {
        public static final Snapshot NONE = new Snapshot(0, 0, Optional.empty(), Optional.empty());
    }

    private final InstantSource wall;
    private final Ticker monotonic;
    private final long toleranceNanos;
    private final Consumer<String> log;
    private final Consumer<TimeJump> onJump;

    private boolean started;
    private long offsetNanos;
    private Snapshot snapshot = Snapshot.NONE;

    /** A detector that counts and logs jumps and hands them to no one. */
    public TimeJumpDetector(InstantSource wall, Ticker monotonic, Duration tolerance, Consumer<String> log) {
        this(wall, monotonic, tolerance, log, jump -> { });
    }

    /** @param onJump told of every jump, on the stamping thread, before its stamp is returned; must not block */
    public TimeJumpDetector(InstantSource wall, Ticker monotonic, Duration tolerance, Consumer<String> log,
                            Consumer<TimeJump> onJump) {
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("time jump tolerance " + tolerance + " must be positive, e.g. 250ms");
        }
        this.wall = wall;
        this.monotonic = monotonic;
        this.toleranceNanos = tolerance.toNanos();
        this.log = log;
        this.onJump = onJump;
    }

    /** The wall clock now, after checking it against the monotonic clock. */
    @Override
    public synchronized Instant instant() {
        // Read both clocks under the lock, back to back, so each pair is as close as possible.
        long mono = monotonic.read();
        Instant now = wall.instant();
        long offset = epochNanos(now) - mono;
        if (started && Math.abs(offset - offsetNanos) > toleranceNanos) {
            record(new TimeJump(Instant.EPOCH.plusNanos(offsetNanos + mono), now, Duration.ofNanos(offset - offsetNanos)));
        }
        // Follow the offset on every stamp, so slewing never adds up to a false jump.
        started = true;
        offsetNanos = offset;
        return now;
    }

    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    private void record(TimeJump jump) {
        Snapshot s = snapshot;
        snapshot = jump.backwards()
                ? new Snapshot(s.backwardJumps() + 1, s.forwardJumps(), Optional.of(jump), Optional.of(jump))
                : new Snapshot(s.backwardJumps(), s.forwardJumps() + 1, Optional.of(jump), s.lastBackwardJump());
        log.accept("wall clock jumped " + jump + (jump.backwards()
                ? "; readings keep their order by seq, their timestamps go back by the jump" : ""));
        onJump.accept(jump);
    }

    /** Nanoseconds since the epoch; a long holds them until the year 2262. */
    private static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
