package cn.bsnedge.drivers.pulse;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.EdgeInput;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A utility meter's pulse output (water, gas, electricity S0) on a GPIO input.
 * <p>
 * Edges arrive on the IO provider's thread and are counted with a software debounce. A read
 * first saves the count durably, then reports the total, so a total once reported is never
 * higher than what a restart will load: the series never goes backwards. Pulses counted after
 * the last save are lost in a power cut, so the meter may read slightly low, never high.
 * The rate is the pulses since the previous read over the time between the reads.
 */
public final class PulseMeterDriver implements SensorDriver {

    private final EdgeInput input;
    private final DeviceAddress where;
    private final PulseMeterConfig config;
    private final CounterStore store;
    private final LongSupplier nanoTime;
    private final long debounceNanos;

    private final Object lock = new Object();
    private long pulses;          // guarded by lock
    private long lastCountedAt;   // guarded by lock
    private boolean counted;      // guarded by lock: lastCountedAt is valid
    private long bounces;         // guarded by lock

    private long savedPulses;
    private long prevPulses = -1;
    private long prevReadAt;

    /**
     * Loads the saved count and starts listening.
     *
     * @param nanoTime the monotonic clock the edge input stamps edges with
     * @throws SensorException the saved count cannot be read (the driver will not start from zero)
     */
    public PulseMeterDriver(EdgeInput input, PulseMeterConfig config, CounterStore store, LongSupplier nanoTime)
            throws SensorException {
        this.input = input;
        this.where = input.address();
        this.config = config;
        this.store = store;
        this.nanoTime = nanoTime;
        this.debounceNanos = config.debounce().toNanos();
        try {
            this.savedPulses = store.load();
        } catch (IOException e) {
            throw new SensorException(where + ": cannot load saved pulse count, refusing to restart from 0: " + e.getMessage(), e);
        }
        this.pulses = savedPulses;
        input.listen(this::edge);
    }

    @Override
    public String driverName() {
        return "pulse";
    }

    private void edge(boolean high, long at) {
        if (high != config.countRising()) {
            return;
        }
        synchronized (lock) {
            if (counted && at - lastCountedAt < debounceNanos) {
                bounces++;
                return;
            }
            counted = true;
            lastCountedAt = at;
            pulses++;
        }
    }

    /** Pulses counted so far, including the saved count. */
    public long pulses() {
        synchronized (lock) {
            return pulses;
        }
    }

    /** Edges ignored as contact bounce; a steadily growing number suggests the debounce is too short or a noisy line. */
    public long bounces() {
        synchronized (lock) {
            return bounces;
        }
    }

    /**
     * {@inheritDoc} The total, and from the second read on the rate. Fails (no reading) if the
     * count cannot be saved, because reporting an unsaved total could make it go backwards later.
     */
    @Override
    public List<Measurement> read() throws SensorException {
        long n = pulses();
        long now = nanoTime.getAsLong();
        if (n != savedPulses) {
            try {
                store.save(n);
            } catch (IOException e) {
                throw new SensorException(where + ": saving pulse count " + n + ": " + e.getMessage(), e);
            }
            savedPulses = n;
        }
        List<Measurement> out = new ArrayList<>(2);
        BigDecimal total = config.startTotal().add(config.unitsPerPulse().multiply(BigDecimal.valueOf(n)))
                .setScale(config.scale(), RoundingMode.HALF_EVEN);
        out.add(new Measurement(config.quantity(), config.unit(), total));
        if (config.rateQuantity() != null && prevPulses >= 0 && now > prevReadAt) {
            BigDecimal units = config.unitsPerPulse().multiply(BigDecimal.valueOf(n - prevPulses));
            BigDecimal rate = units.multiply(config.ratePerUnitPerSecond()).multiply(BigDecimal.valueOf(1_000_000_000L))
                    .divide(BigDecimal.valueOf(now - prevReadAt), config.scale(), RoundingMode.HALF_EVEN);
            out.add(new Measurement(config.rateQuantity(), config.rateUnit(), rate));
        }
        prevPulses = n;
        prevReadAt = now;
        return List.copyOf(out);
    }

    @Override
    public void close() {
        input.close();
    }
}
