package cn.bsnedge.agent.registry;

import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.registry.RegistryException;
import cn.bsnedge.ledger.registry.SensorRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The only way into the batcher: every entry must pass the registry's rules (FORMAT.md §2.8)
 * first, so a reading of an unknown or retired sensor is never sealed. A reading leaves with the
 * calibration in force for its seq applied (value × scale + offset, exactly), as FORMAT.md §2.6
 * says readings carry the corrected value.
 *
 * <p>The registry advances only once the batcher took the entry: a refused offer (queue full)
 * gives the seq back to the sampler without the registry having moved past it.
 */
public final class RegistryGate implements Predicate<Entry> {

    private final SensorRegistry registry;
    private final Predicate<Entry> batcher;
    private final Consumer<String> log;
    private final AtomicLong refused = new AtomicLong();

    public RegistryGate(SensorRegistry registry, Predicate<Entry> batcher, Consumer<String> log) {
        this.registry = registry;
        this.batcher = batcher;
        this.log = log;
    }

    @Override
    public synchronized boolean test(Entry entry) {
        Entry e = entry;
        try {
            registry.check(e);
            if (e instanceof Reading r) {
                e = calibrated(r);
            }
        } catch (RegistryException | IllegalArgumentException ex) {
            long n = refused.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.accept("registry refused " + entry.sensor() + " seq " + entry.seq() + " (" + n + " refused so far): " + ex.getMessage());
            }
            return false;
        }
        if (!batcher.test(e)) {
            return false;
        }
        try {
            registry.accept(e);
        } catch (RegistryException ex) {
            throw new IllegalStateException("registry accepted a check but not the entry: " + ex.getMessage(), ex);
        }
        return true;
    }

    private Reading calibrated(Reading r) {
        Calibration c = registry.calibrationAt(r.sensor(), r.seq()).orElse(Calibration.IDENTITY);
        if (c.equals(Calibration.IDENTITY) || !(r.value() instanceof ReadingValue.Decimal raw)) {
            return r;
        }
        return new Reading(r.sensor(), r.seq(), r.time(), r.clock(), r.quantity(), r.unit(),
                ReadingValue.Decimal.of(c.apply(raw.toBigDecimal())));
    }

    /** Entries refused by the registry's rules since start. */
    public long refused() {
        return refused.get();
    }

    /**
     * The entries that bring the registry to {@code declared}, reconciled against the registry as
     * it stands now (readings included), so their seqs follow everything already queued.
     */
    public synchronized java.util.List<Entry> reconcile(java.util.List<SensorDeclaration> declared,
                                                         java.util.function.ToLongFunction<cn.bsnedge.ledger.entry.SensorCode> lastSeq,
                                                         cn.bsnedge.ledger.entry.Timestamp now,
                                                         cn.bsnedge.ledger.entry.ClockQuality clock) throws Registrar.DeclarationException {
        return Registrar.reconcile(declared, registry, lastSeq, now, clock);
    }

    /** Every sensor the registry knows, as of now. */
    public synchronized java.util.List<cn.bsnedge.ledger.registry.SensorState> sensors() {
        return registry.sensors();
    }
}
