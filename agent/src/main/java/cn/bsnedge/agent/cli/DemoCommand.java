package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.registry.Registrar;
import cn.bsnedge.agent.registry.RegistryFile;
import cn.bsnedge.agent.registry.RegistrySession;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.EntryCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Run the gateway on simulated sensors and write proofs.",
            "",
            "Samples 8 simulated city sensors, seals their readings into signed",
            "micro-blocks in DIR/store, then writes proof bundles for a sample of",
            "readings to DIR/proofs and the gateway's public key to DIR/trust.",
            "Needs no hardware and no setup. Run it again on the same --data to",
            "continue the same chain with the same key, also after a crash.",
            "",
            "The demo also starts the city node (bsn-node, a process of its own",
            "with its embedded MQTT broker on loopback, data in DIR/node), anchors",
            "the blocks to it every second, and waits for its signed receipts, so",
            "the proof bundles verify as anchored (--no-node: sealed only).",
            "",
            "Afterwards:",
            "  bsn-edge verify --trust DIR/trust DIR/proofs/*.json",
            "  bsn-edge check --data DIR",
            ""})
final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "demo-data",
            description = "Data directory: keys/, store/, proofs/, trust/ (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "ed25519-sha256",
            description = "Crypto suite: ed25519-sha256 (default), sm2-sm3 (China's national algorithms), p256-sha256 (Fabric).")
    String suite;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long to sample, e.g. 30s, 5m, 2h (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--gateway", paramLabel = "ID", defaultValue = "88.1001.31/GW-DEMO-01",
            description = "Gateway identification code for a new data directory (default: ${DEFAULT-VALUE}).")
    String gatewayId;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "100ms", converter = DurationConverter.class,
            description = "Sampling interval of each of the 8 simulated sensors (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--seal-every", paramLabel = "N", defaultValue = "100",
            description = "Seal a block every N readings ... (default: ${DEFAULT-VALUE})")
    int sealEvery;

    @Option(names = "--seal-after", paramLabel = "TIME", defaultValue = "1s", converter = DurationConverter.class,
            description = "... or this long after a block's first reading, whichever comes first (default: ${DEFAULT-VALUE}).")
    Duration sealAfter;

    @Option(names = "--proofs", paramLabel = "N", defaultValue = "5",
            description = "Proof bundles to write for readings of this run (default: ${DEFAULT-VALUE}).")
    int proofs;

    @Option(names = "--print-blocks", description = "Print a line per committed block (height, hash, entries).")
    boolean printBlocks;

    @Option(names = "--no-node", description = {"Do not start the city node: blocks are sealed but not anchored.",
            "By default the demo starts bsn-node (./bsn-node.sh in a source checkout, $BSN_NODE, or bsn-node on",
            "the PATH) as a process of its own, with its embedded MQTT broker on loopback, and anchors to it."})
    boolean noNode;

    @Option(names = "--node-launcher", paramLabel = "FILE", hidden = true,
            description = "The city node's launcher, instead of looking for one (tests).")
    Path nodeLauncher;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CryptoSuite cs;
        try {
            cs = CryptoSuite.fromLabel(suite);
        } catch (IllegalArgumentException e) {
            err.println("demo: --suite: " + e.getMessage());
            return 2;
        }
        if (sealEvery < 1 || proofs < 0) {
            err.println("demo: --seal-every must be at least 1 and --proofs at least 0");
            return 2;
        }
        DataDir dir = new DataDir(data);
        String idProblem = cn.bsnedge.ledger.entry.SensorCode.problem(gatewayId);
        if (idProblem != null) {
            err.println("demo: --gateway '" + gatewayId + "' " + idProblem);
            return 2;
        }
        GatewayIdentity id;
        try {
            id = GatewayKeyFile.loadOrCreate(dir.root(), gatewayId, cs, new SecureRandom());
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        }
        GatewayKeyFile.writeTrustFile(dir.trust(), id);
        long started = System.nanoTime();
        LogBlockStore opened;
        try {
            opened = LogBlockStore.openOrCreate(dir.store(), id.gatewayId(), id.key().publicKey());
        } catch (cn.bsnedge.agent.store.BrokenChainException e) {
            err.println("demo: " + e.getMessage());
            return 1;
        } catch (cn.bsnedge.agent.store.StoreException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        }
        opened.recoveryNotes().forEach(n -> err.println("demo: recovered after an unclean stop: " + n));
        try (LogBlockStore store = opened; DemoAnchoring anchoring = noNode ? DemoAnchoring.off()
                : DemoAnchoring.start(dir, id, store, nodeLauncher == null ? DemoNode.launcher(System.getenv())
                        : java.util.Optional.of(nodeLauncher), out, err)) {
            long startHeight = store.size();
            List<SensorSlot> sensors = DemoSensors.all(interval, code -> store.lastSeq(code).orElse(0));
            var clock = cn.bsnedge.agent.time.KernelClock.bestAvailable();
            RegistrySession registry;
            try {
                registry = RegistrySession.open(new RegistryFile(dir.root()), store, DemoSensors.declarations(sensors),
                        java.time.Instant.now(), clock.quality(), err::println);
            } catch (Registrar.DeclarationException | cn.bsnedge.ledger.registry.RegistryException e) {
                err.println("demo: " + e.getMessage());
                return 1;
            }
            Gateway gw = new Gateway(id, store, sensors, new Gateway.SealPolicy(sealEvery, sealAfter, 10_000),
                    InstantSource.system(), cn.bsnedge.agent.time.Ticker.system(), clock, b -> {
                        registry.committed(b);
                        anchoring.committed(b);
                        if (printBlocks) {
                            out.println("sealed height=" + b.height() + " hash=" + HexFormat.of().formatHex(b.hash())
                                    + " entries=" + b.entryCount());
                            out.flush();
                        }
                    }, err::println, registry.registry(), registry.preamble());
            try {
                Thread.sleep(duration.toMillis());
            } finally {
                gw.close();
                registry.close(store.size());
            }
            double secs = (System.nanoTime() - started) / 1e9;
            anchoring.awaitReceipts(java.time.Duration.ofSeconds(30));
            anchoring.close(); // its files are read for the proofs
            List<Path> written = writeProofs(dir, id, store, startHeight);
            long failures = sensors.stream().mapToLong(s -> gw.sampler().failures(s.code())).sum();
            out.printf("BSN Edge demo: gateway %s, suite %s, key %s…%n", id.gatewayId(), cs.label(),
                    id.key().publicKey().fingerprint().substring(0, 16));
            out.printf("  sealed %d blocks (heights %d..%d) with %d readings from %d sensors in %.1f s%n",
                    gw.batcher().sealedBlocks(), startHeight, store.size() - 1, gw.batcher().sealedEntries(), sensors.size(), secs);
            out.printf("  failed reads: %d (no reading recorded for them); dropped readings: %d%n", failures, gw.batcher().dropped());
            out.printf("  chain: %d blocks in %s%n", store.size(), dir.store());
            anchoring.finalSummary().ifPresent(line -> out.println("  " + line));
            out.printf("  trust: %s%n", GatewayKeyFile.trustFile(dir.trust(), id.gatewayId()));
            out.printf("  proofs: %d bundles in %s%n", written.size(), dir.proofs());
            out.printf("%nVerify them offline:%n  bsn-edge verify --trust %s %s/*.json%n", dir.trust(), dir.proofs());
            return 0;
        }
    }

    private static boolean hasReading(MicroBlock b) {
        for (int i = 0; i < b.entryCount(); i++) {
            if (b.entry(i)[1] == EntryCodec.TYPE_READING) {
                return true;
            }
        }
        return false;
    }

    /** Bundles for a spread of this run's readings: the first, the last and some between. */
    private List<Path> writeProofs(DataDir dir, GatewayIdentity id, LogBlockStore store, long fromHeight) throws Exception {
        List<Path> written = new ArrayList<>();
        long blocks = store.size() - fromHeight;
        if (blocks <= 0 || proofs == 0) {
            return written;
        }
        Files.createDirectories(dir.proofs());
        int n = proofs;
        for (int k = 0; k < n; k++) {
            long height = fromHeight + (n == 1 ? 0 : k * (blocks - 1) / (n - 1));
            MicroBlock b = store.block(height).orElseThrow();
            while (!hasReading(b) && height + 1 < store.size()) {
                b = store.block(++height).orElseThrow(); // registrations are sealed alone, in the first block
            }
            int leaf = n == 1 ? 0 : (int) ((long) k * (b.entryCount() - 1) / (n - 1));
            while (leaf < b.entryCount() - 1 && b.entry(leaf)[1] != EntryCodec.TYPE_READING) {
                leaf++; // bundles are for readings, not registry entries
            }
            if (b.entry(leaf)[1] != EntryCodec.TYPE_READING) {
                continue;
            }
            ProofBundle bundle = ProofBundle.of(b, leaf, id.key().publicKey().fingerprint());
            bundle = cn.bsnedge.agent.anchor.AnchorProofs.anchored(bundle, b.height(), dir.root().resolve("anchor"), dir.trust(),
                    id.key().suite(), store).orElse(bundle);
            EntryCodec.Key key = EntryCodec.key(b.entry(leaf));
            Path f = dir.proofs().resolve(key.sensor().value().replace('/', '_') + "-" + key.seq() + ".json");
            Files.writeString(f, bundle.toJson());
            if (!written.contains(f)) {
                written.add(f);
            }
        }
        return written;
    }
}
