package cn.bsnedge.agent.systemd;

import cn.bsnedge.agent.time.Ticker;

import java.time.Duration;

/**
 * Decides from successive {@link PipelineSnapshot}s whether the pipeline is making progress, so
 * the watchdog is fed only while it is. Two rules, each a symptom a restart cures:
 *
 * <ul>
 *   <li><b>Sampling runs:</b> the sampler acts on its deadlines. A deadline due for longer than
 *       {@code grace} means its loop died or is stuck; failing sensors do not count against it,
 *       since a restart would not mend a sensor.</li>
 *   <li><b>Readings are sealed:</b> once readings have been taken since the last committed
 *       block, a block must commit within the batcher's {@code maxAge} plus {@code grace}. This
 *       is also how a store that stopped answering shows: its commits stop.</li>
 * </ul>
 *
 * An idle pipeline (no sensors, or every sensor failing) is not wedged: nothing is pending.
 * Pending readings are noticed at the first check that sees them, never earlier than they
 * were taken, so the rule can only err towards late, never towards a false wedge.
 * Times are on the monotonic {@link Ticker}.
 */
public final class ProgressMonitor {

    /** Progressing, or wedged with the reason in words an operator can act on. */
    public record Verdict(boolean progressing, String reason) {
        static final Verdict PROGRESSING = new Verdict(true, "");

        static Verdict wedged(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final Ticker ticker;
    private final long sealDeadlineNanos;
    private final long graceNanos;

    private boolean seen;
    private long lastBlocks;
    private long takenAtLastCommit;
    private boolean pending;
    private long pendingSince;

    /**
     * @param maxAge the batcher's longest wait before it seals a block (gateway.yaml sealing.maxAge)
     * @param grace  slack for a slow commit or a late loop before calling it wedged; at least the
     *               interval between checks, or a commit between two checks could be missed
     */
    public ProgressMonitor(Ticker ticker, Duration maxAge, Duration grace) {
        if (maxAge.isNegative() || maxAge.isZero() || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("progress monitor: maxAge and grace must be positive, got "
                    + maxAge + " and " + grace);
        }
        this.ticker = ticker;
        this.graceNanos = grace.toNanos();
        this.sealDeadlineNanos = maxAge.toNanos() + graceNanos;
    }

    public synchronized Verdict check(PipelineSnapshot s) {
        long now = ticker.read();
        if (s.samplerLagNanos() > graceNanos) {
            return Verdict.wedged("the sampler is " + seconds(s.samplerLagNanos())
                    + " s past a due read: its loop is not running");
        }
        if (!seen || s.blocksCommitted() != lastBlocks) {
            seen = true;
            lastBlocks = s.blocksCommitted();
            takenAtLastCommit = s.readingsTaken();
            pending = false;
        } else if (!pending && s.readingsTaken() > takenAtLastCommit) {
            pending = true;
            pendingSince = now;
        }
        if (pending && now - pendingSince > sealDeadlineNanos) {
            return Verdict.wedged((s.readingsTaken() - takenAtLastCommit) + " readings taken, but no block committed for "
                    + seconds(now - pendingSince) + " s (sealing or the store is stuck; at most "
                    + seconds(sealDeadlineNanos) + " s expected)");
        }
        return Verdict.PROGRESSING;
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
