package cn.bsnedge.agent.registry;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.registry.RegistryException;
import cn.bsnedge.ledger.registry.SensorRegistry;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One agent run's view of the registry: loaded from {@link RegistryFile} and the chain at start,
 * reconciled with the declared sensors (the entries to seal first), and kept on disk as blocks
 * carrying registry entries commit.
 */
public final class RegistrySession {

    private final RegistryFile file;
    private final SensorRegistry registry;
    private final List<byte[]> entries;
    private final List<Entry> preamble;
    private final Consumer<String> log;

    private RegistrySession(RegistryFile file, RegistryFile.Loaded loaded, List<Entry> preamble, Consumer<String> log) {
        this.file = file;
        this.registry = loaded.registry();
        this.entries = new ArrayList<>(loaded.entries());
        this.preamble = List.copyOf(preamble);
        this.log = log;
    }

    public static RegistrySession open(RegistryFile file, BlockStore store, List<SensorDeclaration> declared, Instant now,
                                       ClockQuality clock, Consumer<String> log)
            throws StoreException, RegistryException, Registrar.DeclarationException {
        RegistryFile.Loaded loaded = file.load(store);
        if (store.size() > 0 && loaded.registry().sensors().isEmpty()) {
            // Extending it would seal registrations after readings of the same sensors, which the
            // registry rules (FORMAT.md §2.8) forbid: the chain would fail every later check.
            throw new Registrar.DeclarationException("the chain in " + file.dataDir() + " has " + store.size()
                    + " blocks but no registry entries: it was made before sensors were registered in the chain"
                    + " (FORMAT.md §2.8) and cannot be extended. Keep it for its proofs, and start in a new data directory");
        }
        List<Entry> preamble = Registrar.reconcile(declared, loaded.registry(), code -> lastSeq(store, code),
                Timestamp.of(now, TimeResolution.MILLISECONDS), clock);
        return new RegistrySession(file, loaded, preamble, log);
    }

    private static long lastSeq(BlockStore store, SensorCode code) {
        try {
            return store.lastSeq(code).orElse(0);
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry to gate entries with; owned by the gateway once handed over. */
    public SensorRegistry registry() {
        return registry;
    }

    /** Registrations, calibrations and retirements to seal before the first reading. */
    public List<Entry> preamble() {
        return preamble;
    }

    /** Call for every committed block: keeps registry.json in step when a block carries registry entries. */
    public synchronized void committed(MicroBlock block) {
        List<byte[]> found = RegistryFile.registryEntries(block);
        if (!found.isEmpty()) {
            entries.addAll(found);
            save(block.height() + 1);
        }
    }

    /** At a clean stop: records how far the chain was read, so the next start scans nothing. */
    public synchronized void close(long height) {
        save(height);
    }

    private void save(long height) {
        try {
            file.save(entries, height);
        } catch (IOException e) {
            log.accept("registry: cannot write registry.json (" + e.getMessage() + "); the next start rescans the chain");
        }
    }
}
