package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigProblem;
import cn.bsnedge.agent.config.FieldSensorsFile;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.config.SensorYaml;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.registry.Registrar;
import cn.bsnedge.agent.registry.RegistryFile;
import cn.bsnedge.agent.registry.RegistrySession;
import cn.bsnedge.agent.registry.SensorDeclaration;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.registry.SensorRegistry;
import cn.bsnedge.ledger.registry.SensorState;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One change of {@code DATA/sensors.yaml} by a {@code bsn-edge sensors} command, carried through
 * to the chain: checked by the same rules as gateway.yaml, written whole, then sealed.
 *
 * <p>Two writers never touch the store: when the agent runs it holds the store's LOCK, so the
 * command only writes the file and waits for the agent's own reload to seal the entry; when it
 * is stopped, the command takes the LOCK itself (the agent cannot start meanwhile), and seals the
 * registry entries in one signed block, exactly as the agent's start would.
 */
final class RegistryChange {

    /** Exit code when the file was written but the running agent has not sealed the change yet. */
    static final int PENDING = 3;

    /** A change the command refuses before writing anything, with the message that says why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * What a command wants {@code DATA/sensors.yaml} to hold.
     *
     * @param items     every sensor of the file after the change, as {@link SensorYaml#item} text
     * @param edited    the index of the item the command wrote from its options
     * @param optionOf  field key ({@code address}, {@code calibration.by}) → the option that set it
     * @param sealed    recognises, in the registry, the state the change leads to
     */
    record Proposal(SensorCode code, List<String> items, int edited, Map<String, String> optionOf,
                    Predicate<SensorState> sealed) {
    }

    interface Edit {
        /** The change against the configuration as it stands (read under the file's lock). */
        Proposal propose(GatewayConfig current, SensorRegistry registry) throws Refused;
    }

    private final String verb;
    private final Path config;
    private final Duration wait;
    private final PrintWriter out;
    private final PrintWriter err;

    RegistryChange(String verb, Path config, Duration wait, PrintWriter out, PrintWriter err) {
        this.verb = verb;
        this.config = config;
        this.wait = wait;
        this.out = out;
        this.err = err;
    }

    int run(Edit edit) throws Exception {
        try {
            return change(edit);
        } catch (StoreAccess.Unusable e) {
            err.println(verb + ": " + e.getMessage());
            return 2;
        }
    }

    private int change(Edit edit) throws Exception {
        Optional<GatewayConfig> first = load(null);
        if (first.isEmpty()) {
            return 2;
        }
        Path dataDir = first.get().gateway().dataDir();
        DataDir dir = new DataDir(dataDir);
        try (FieldSensorsFile file = FieldSensorsFile.lock(dataDir, Duration.ofSeconds(30))) {
            Optional<GatewayConfig> current = load(null); // again, under the lock: another command may have just written
            if (current.isEmpty()) {
                return 2;
            }
            if (!Files.isDirectory(dir.store())) {
                // No chain yet: the agent's first start registers everything declared.
                Proposal p = propose(edit, current.get(), new SensorRegistry());
                if (p == null || check(p, file) == null) {
                    return 2;
                }
                file.write(SensorYaml.document(p.items()));
                out.printf("%s: %s written to %s; no chain in %s yet, so the agent seals it when it first starts%n",
                        verb, p.code(), file.path(), dataDir);
                return 0;
            }
            GatewayIdentity id = StoreAccess.identity(dir);
            LogBlockStore store = null;
            if (!StatusCommand.lockHeld(dir.store().resolve("LOCK"))) {
                try {
                    store = LogBlockStore.openOrCreate(dir.store(), id.gatewayId(), id.key().publicKey());
                } catch (StoreException e) {
                    if (!StatusCommand.lockHeld(dir.store().resolve("LOCK"))) {
                        throw new StoreAccess.Unusable(e.getMessage());
                    }
                    // The agent started a moment ago and holds the store now: go through it instead.
                }
            }
            if (store == null) {
                return throughAgent(edit, current.get(), file, dataDir);
            }
            try (LogBlockStore s = store) {
                return directly(edit, current.get(), file, dataDir, id, s);
            }
        }
    }

    /** The agent is stopped and we hold its store: seal the change ourselves. */
    private int directly(Edit edit, GatewayConfig current, FieldSensorsFile file, Path dataDir, GatewayIdentity id,
                         LogBlockStore store) throws Exception {
        RegistryFile registryFile = new RegistryFile(dataDir);
        Proposal p = propose(edit, current, registryFile.load(store).registry());
        GatewayConfig after = p == null ? null : check(p, file);
        if (after == null) {
            return 2;
        }
        List<SensorDeclaration> declared = after.sensors().stream().map(SensorDeclaration::of).toList();
        RegistrySession session;
        try {
            session = RegistrySession.open(registryFile, store, declared, Instant.now(),
                    RunCommand.clockStatus(after).quality(), err::println);
        } catch (Registrar.DeclarationException e) {
            err.println(verb + ": " + e.getMessage());
            return 2;
        }
        file.write(SensorYaml.document(p.items()));
        List<Entry> entries = session.preamble();
        if (entries.isEmpty()) {
            out.printf("%s: %s: nothing to seal, the chain already says so%n", verb, p.code());
            return 0;
        }
        MicroBlock block = new BlockSealer(id.key().signer(), id.gatewayId()).seal(store.head(), entries);
        store.append(block);
        session.committed(block);
        session.close(store.size());
        for (Entry e : entries) {
            out.printf("%s: sealed %s of %s at seq %d in block %d%n", verb, e.getClass().getSimpleName(), e.sensor(),
                    e.seq(), block.height());
        }
        return 0;
    }

    /** The agent runs and holds the store: write the file, and wait for its reload to seal the change. */
    private int throughAgent(Edit edit, GatewayConfig current, FieldSensorsFile file, Path dataDir) throws Exception {
        RegistryFile registryFile = new RegistryFile(dataDir);
        SensorRegistry before;
        try {
            before = registryFile.loadSaved().registry();
        } catch (java.io.IOException | cn.bsnedge.ledger.codec.FormatException | cn.bsnedge.ledger.registry.RegistryException e) {
            throw new StoreAccess.Unusable("the running agent's registry.json cannot be read (" + e.getMessage()
                    + "); it writes it once its first registry entry commits: try again in a few seconds");
        }
        Proposal p = propose(edit, current, before);
        GatewayConfig after = p == null ? null : check(p, file);
        if (after == null) {
            return 2;
        }
        try {
            Registrar.reconcile(after.sensors().stream().map(SensorDeclaration::of).toList(), before,
                    c -> 0, Timestamp.of(Instant.now(), TimeResolution.MILLISECONDS), cn.bsnedge.ledger.entry.ClockQuality.UNSYNCED);
        } catch (Registrar.DeclarationException e) {
            err.println(verb + ": " + e.getMessage());
            return 2;
        }
        file.write(SensorYaml.document(p.items()));
        out.printf("%s: %s written to %s; the running agent seals it...%n", verb, p.code(), file.path());
        out.flush();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            RegistryFile.Loaded now = registryFile.loadSaved();
            Optional<SensorState> state = now.registry().state(p.code());
            if (state.isPresent() && p.sealed().test(state.get())) {
                Entry last = RegistryFile.decode(now.entries()).stream().filter(e -> e.sensor().equals(p.code()))
                        .reduce((a, b) -> b).orElseThrow();
                out.printf("%s: sealed by the running agent: %s of %s at seq %d%n", verb, last.getClass().getSimpleName(),
                        p.code(), last.seq());
                return 0;
            }
            Thread.sleep(100);
        } while (System.nanoTime() - deadline < 0);
        err.printf("%s: the agent has not sealed %s within %d s. The change is in %s and the agent seals it while it"
                + " runs; see 'bsn-edge status' and the agent's log (journalctl -u bsn-edge)%n", verb, p.code(), wait.toSeconds(), file.path());
        return PENDING;
    }

    private Proposal propose(Edit edit, GatewayConfig current, SensorRegistry registry) {
        try {
            return edit.propose(current, registry);
        } catch (Refused e) {
            err.println(verb + ": " + e.getMessage());
            return null;
        }
    }

    /** The configuration after the change, or null after printing why it is invalid. */
    private GatewayConfig check(Proposal p, FieldSensorsFile file) {
        String text = SensorYaml.document(p.items());
        String item = p.items().get(p.edited());
        int at = text.indexOf(item);
        int firstLine = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
        int lastLine = firstLine + (int) item.chars().filter(c -> c == '\n').count() - 1;
        try {
            return ConfigLoader.load(config, text);
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                boolean ours = problem.file().equals(file.path().toString()) && problem.line() >= firstLine && problem.line() <= lastLine;
                if (ours) {
                    String message = problem.message().replace(" (line ", " (in " + file.path() + ":");
                    Optional<String> key = SensorYaml.keyOf(problem.path());
                    String option = key.map(k -> p.optionOf().getOrDefault(k, p.optionOf().getOrDefault(k.split("\\.")[0], k))).orElse(null);
                    err.println(verb + (option == null ? "" : " " + option) + ": " + message);
                } else {
                    err.println("config " + problem);
                }
            }
            return null;
        }
    }

    private Optional<GatewayConfig> load(String fieldText) {
        try {
            return Optional.of(ConfigLoader.load(config, fieldText));
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("config " + p));
            err.println(verb + ": the configuration is invalid as it stands; fix it first (bsn-edge config check --config " + config + ")");
            return Optional.empty();
        }
    }
}
