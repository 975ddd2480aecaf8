package cn.bsnedge.drivers.sim;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a real sensor, for the demo and the tests. The n-th read of a
 * driver with a given seed always returns the same value: a sine wave over {@code period}
 * reads plus seeded noise, rounded to {@code decimals}; or, for a {@link Waveform#COUNTER}
 * such as a water meter, a total that only grows: after k successful reads it is
 * {@code base + amplitude × (k + jitter(k)/2)} with jitter in [0, 1), so it is strictly
 * increasing and a restart that resumes at k continues the same series.
 * {@code failEvery > 0} makes every failEvery-th read fail, to exercise the "failed read
 * yields no reading" path.
 */
public final class SimulatedDriver implements SensorDriver {

    public enum Waveform { SINE, COUNTER }

    /** What to simulate; see {@link SimulatedDriver}. */
    public record Spec(String quantity, String unit, Waveform waveform, double base, double amplitude,
                       int period, int decimals, long seed, int failEvery) {
        public Spec {
            if (period < 1 || decimals < 0 || decimals > 9 || failEvery < 0) {
                throw new IllegalArgumentException("simulated sensor: period >= 1, decimals 0..9, failEvery >= 0");
            }
        }
    }

    private final Spec spec;
    private long reads;
    private long successes;

    public SimulatedDriver(Spec spec) {
        this(spec, 0);
    }

    /** A driver that resumes after {@code successfulReads} earlier successful reads (e.g. after a restart). */
    public SimulatedDriver(Spec spec, long successfulReads) {
        if (successfulReads < 0) {
            throw new IllegalArgumentException("successfulReads " + successfulReads + " is negative");
        }
        this.spec = spec;
        this.reads = successfulReads;
        this.successes = successfulReads;
    }

    @Override
    public String driverName() {
        return "simulated";
    }

    @Override
    public synchronized List<Measurement> read() throws SensorException {
        long n = reads++;
        if (spec.failEvery() > 0 && (n + 1) % spec.failEvery() == 0) {
            throw new SensorException("simulated " + spec.quantity() + ": injected fault on read " + n);
        }
        long k = ++successes;
        double v = switch (spec.waveform()) {
            case SINE -> spec.base() + spec.amplitude() * Math.sin(2 * Math.PI * n / spec.period())
                    + unit(n, -1, 1) * spec.amplitude() * 0.05;
            case COUNTER -> spec.base() + spec.amplitude() * (k + unit(k, 0, 1) / 2);
        };
        BigDecimal value = BigDecimal.valueOf(v).setScale(spec.decimals(), RoundingMode.HALF_EVEN);
        return List.of(new Measurement(spec.quantity(), spec.unit(), value));
    }

    /** A value in [lo, hi) that depends only on (seed, i), so reruns reproduce exactly. */
    private double unit(long i, double lo, double hi) {
        return new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + i).nextDouble(lo, hi);
    }
}
