package cn.bsnedge.node.bench;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorCheck;
import cn.bsnedge.ledger.anchor.AnchorDecision;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.node.anchoring.AnchorService;
import cn.bsnedge.node.audit.ArchivedChain;
import cn.bsnedge.node.audit.Auditor;
import cn.bsnedge.node.audit.CityAudit;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.telemetry.BlockArchive;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The node's benchmarks (docs/BENCHMARKS.md): single-threaded, so figures are per core. */
public final class NodeBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private NodeBench() {
    }

    private record Payload(String gatewayId, byte[] bytes) {
    }

    public static void verify(PrintWriter out, int anchors, int gateways, String suiteLabel, int blocksPerAnchor, int ledgerAnchors)
            throws Exception {
        CryptoSuite suite = CryptoSuite.fromLabel(suiteLabel);
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(7);
        List<SyntheticGateway> gws = new ArrayList<>();
        Map<String, List<PublicKey>> keys = new HashMap<>();
        for (int i = 0; i < gateways; i++) {
            SyntheticGateway g = new SyntheticGateway(String.format("88.1001.31/GW-%05d", i), suite, random);
            gws.add(g);
            keys.put(g.id(), List.of(g.key().publicKey()));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Payload> payloads = new ArrayList<>(anchors);
        long[] prev = new long[gateways];
        long counter = 0;
        int totalBytes = 0;
        for (int n = 0; n < anchors; n++) {
            int i = n % gateways;
            SyntheticGateway g = gws.get(i);
            for (int b = 0; b < blocksPerAnchor; b++) {
                g.appendHash(sha.digest(Long.toString(counter++).getBytes()));
            }
            Anchor a = g.anchor(prev[i]);
            prev[i] = g.size();
            byte[] bytes = Messages.encodeAnchor(a);
            totalBytes += bytes.length;
            payloads.add(new Payload(g.id(), bytes));
        }
        out.printf("bench verify: %d anchors from %d gateways (%s), %d blocks between anchors, mean anchor %d bytes%n",
                anchors, gateways, suite.label(), blocksPerAnchor, totalBytes / anchors);

        checkOnly(payloads.subList(0, Math.min(payloads.size(), 5000)), keys); // JIT warm-up
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int accepted = checkOnly(payloads, keys);
        long wall = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        if (accepted != anchors) {
            throw new IllegalStateException("only " + accepted + " of " + anchors + " anchors accepted");
        }
        out.printf("  decode + AnchorCheck (signature, consistency proof): %,.0f anchors/s per core (%.1f µs CPU each, wall %.2f s)%n",
                anchors / (cpu / 1e9), cpu / 1e3 / anchors, wall / 1e9);

        Path dir = Files.createTempDirectory("bsn-node-bench");
        try {
            PrivateKey nodeKey = PrivateKey.generate(suite, random);
            NodeIdentity node = new NodeIdentity("88.1001/BSN-NODE-01", nodeKey);
            int n = Math.min(ledgerAnchors, anchors);
            try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, node.nodeId(), suite)) {
                AnchorService service = new AnchorService(node, id -> keys.getOrDefault(id, List.of()), ledger, InstantSource.system());
                cpu0 = THREADS.getCurrentThreadCpuTime();
                t0 = System.nanoTime();
                for (Payload p : payloads.subList(0, n)) {
                    if (service.handle(p.gatewayId(), p.bytes()).result() != AnchorService.Result.ACCEPTED) {
                        throw new IllegalStateException("anchor of " + p.gatewayId() + " not accepted");
                    }
                }
                wall = System.nanoTime() - t0;
                cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                out.printf("  + file ledger (fsync per anchor) and signed receipt: %,.0f anchors/s (wall, one thread; %.1f µs CPU each), ledger %d bytes%n",
                        n / (wall / 1e9), cpu / 1e3 / n, Files.size(dir.resolve(FileAnchorLedger.FILE)));
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static int checkOnly(List<Payload> payloads, Map<String, List<PublicKey>> keys) throws Exception {
        Map<String, TreeHead> latest = new HashMap<>();
        int accepted = 0;
        for (Payload p : payloads) {
            Anchor a = Messages.decodeAnchor(p.bytes());
            TreeHead last = latest.get(p.gatewayId());
            AnchorDecision d = AnchorCheck.check(a, p.gatewayId(), keys.get(p.gatewayId()),
                    last == null ? AnchorCheck.Recorded.nothing() : AnchorCheck.Recorded.latest(last));
            if (d instanceof AnchorDecision.Accepted) {
                latest.put(p.gatewayId(), a.head());
                accepted++;
            }
        }
        return accepted;
    }

    public static void audit(PrintWriter out, int blocks, int readings, String suiteLabel) throws Exception {
        CryptoSuite suite = CryptoSuite.fromLabel(suiteLabel);
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(11);
        Path dir = Files.createTempDirectory("bsn-node-bench-audit");
        try {
            SyntheticGateway g = new SyntheticGateway("88.1001.31/GW-00001", suite, random);
            NodeIdentity node = new NodeIdentity("88.1001/BSN-NODE-01", PrivateKey.generate(suite, random));
            GatewayRegistry registry = GatewayRegistry.open(dir);
            registry.add(new cn.bsnedge.ledger.bundle.TrustedKey(g.id(), g.key().publicKey()));
            try (BlockArchive archive = BlockArchive.open(dir, "seg-bench");
                 FileAnchorLedger ledger = FileAnchorLedger.open(dir.resolve("ledger"), node.nodeId(), suite)) {
                AnchorService anchors = new AnchorService(node, registry::keys, ledger, InstantSource.system());
                List<MicroBlock> batch = new ArrayList<>();
                long prev = 0;
                for (int b = 0; b < blocks; b++) {
                    batch.add(g.seal(readings));
                    if (batch.size() == 64 || b == blocks - 1) {
                        archive.append(g.id(), batch, Collections.nCopies(batch.size(), BlockArchive.Status.VERIFIED));
                        batch.clear();
                        anchors.handle(g.id(), Messages.encodeAnchor(g.anchor(prev)));
                        prev = g.size();
                    }
                }
            }
            long archiveBytes;
            try (Stream<Path> s = Files.walk(dir.resolve("blocks"))) {
                archiveBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            long total = (long) blocks * readings;
            out.printf("bench audit: 1 gateway, %d blocks of %d readings (%s), archive %,d bytes, anchors every 64 blocks%n",
                    blocks, readings, suite.label(), archiveBytes);
            Auditor.Report rep = null;
            for (int run = 0; run < 2; run++) { // the first run warms the JIT up
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                CityAudit city = CityAudit.open(dir);
                ArchivedChain chain = city.chain(g.id());
                rep = Auditor.audit(chain, city.records(g.id()).anchored(), city.records(g.id()).alarms(), Instant.now(), Duration.ofDays(3650));
                long wall = System.nanoTime() - t0;
                long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                if (run == 1) {
                    out.printf("  read + verify (signature, entries, Merkle root) + chain + anchors: %,.0f readings/s per core"
                                    + " (%,.0f blocks/s; CPU %.2f s, wall %.2f s)%n", total / (cpu / 1e9), blocks / (cpu / 1e9), cpu / 1e9, wall / 1e9);
                }
            }
            if (!rep.findings().isEmpty() || rep.readings() != total) {
                throw new IllegalStateException("the benchmark's chain should audit clean, got " + rep.findings() + ", " + rep.readings() + " readings");
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
