package cn.bsnedge.agent.bench;

import cn.bsnedge.agent.pipeline.Batcher;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.BundleVerifier;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.bundle.TrustedKeys;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.HashFunction;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The append path as the agent runs it (readings queue, sealer thread: encode, leaf hashes,
 * Merkle root, one signature per block; committer thread: durable MapDB commits, grouped when
 * blocks queue up), a strictly serial variant (one commit per block, no overlap), and sealing
 * alone, all against the bare bound of SHA-256 over the same encoded readings in the same run,
 * plus the disk bytes the agent's path writes.
 */
final class StoreBench {

    /** One measured configuration. */
    record Result(CryptoSuite suite, int blockSize, long readings, double seconds, double serialSeconds,
                  double sealSeconds, double sha256Seconds, double avgEncodedBytes, ProcIo io, long commits, long blocks) {
        double readingsPerSecond() {
            return readings / seconds;
        }

        double serialPerSecond() {
            return readings / serialSeconds;
        }

        double sealPerSecond() {
            return readings / sealSeconds;
        }

        double boundPerSecond() {
            return readings / sha256Seconds;
        }
    }

    private StoreBench() {
    }

    /** Realistic readings: {@code sensors} sensors sampled round-robin at 1 Hz, 3-decimal values. */
    static List<Reading> readings(int count, int sensors, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Reading> out = new ArrayList<>(count);
        long t0 = 1_795_000_000_000L;
        String[][] kinds = {{"temperature", "Cel"}, {"water.volume", "m3"}, {"pressure", "Pa"}, {"energy", "kWh"}, {"humidity", "%RH"}};
        for (int i = 0; i < count; i++) {
            int s = i % sensors;
            String[] kind = kinds[s % kinds.length];
            out.add(new Reading(SensorCode.of(String.format("88.1001.31/SNS-%07d", s)), 1 + i / sensors,
                    Timestamp.ofMillis(t0 + (i / sensors) * 1000L + s), ClockQuality.SYNCED, kind[0], kind[1],
                    new ReadingValue.Decimal(rnd.nextLong(1_000_000_000L), 3)));
        }
        return out;
    }

    static Result run(Path dir, CryptoSuite suite, int blockSize, List<Reading> readings) throws Exception {
        PrivateKey key = PrivateKey.generate(suite, new SecureRandom());
        String gw = "88.1001.31/GW-BENCH";
        BlockSealer sealer = new BlockSealer(key.signer(), gw);

        // 1. The agent's path: readings queue -> sealer thread -> group-committing writer thread.
        Path file = dir.resolve(suite.label() + "-" + blockSize);
        ProcIo before;
        long t0;
        long t1;
        long commits;
        long blocks;
        try (LogBlockStore store = LogBlockStore.openOrCreate(file, gw, key.publicKey())) {
            Batcher batcher = new Batcher(sealer, store, blockSize, Duration.ofHours(1), 10_000, b -> { }, msg -> { });
            before = ProcIo.now();
            t0 = System.nanoTime();
            batcher.start();
            for (Reading r : readings) {
                batcher.put(r);
            }
            batcher.close();
            t1 = System.nanoTime();
            commits = batcher.commits();
            blocks = batcher.sealedBlocks();
        }
        ProcIo io = ProcIo.now().minus(before);
        deleteTree(file.getParent(), file.getFileName().toString());

        // 2. Strictly serial: seal, commit, wait, next; one commit per block, no overlap.
        Path serialFile = dir.resolve(suite.label() + "-" + blockSize + "-serial");
        long u0;
        long u1;
        try (LogBlockStore store = LogBlockStore.openOrCreate(serialFile, gw, key.publicKey())) {
            u0 = System.nanoTime();
            for (int i = 0; i < readings.size(); i += blockSize) {
                store.append(sealer.seal(store.head(), readings.subList(i, Math.min(readings.size(), i + blockSize))));
            }
            u1 = System.nanoTime();
        }
        deleteTree(serialFile.getParent(), serialFile.getFileName().toString());

        // Sealing alone (encode, leaf hashes, root, signature), no store: where the CPU goes.
        long s0 = System.nanoTime();
        cn.bsnedge.ledger.block.ChainHead h = cn.bsnedge.ledger.block.ChainHead.genesis(suite.hash().size());
        for (int i = 0; i < readings.size(); i += blockSize) {
            h = cn.bsnedge.ledger.block.ChainHead.after(sealer.seal(h, readings.subList(i, Math.min(readings.size(), i + blockSize))));
        }
        long s1 = System.nanoTime();
        // The bound: SHA-256 of each encoded reading, nothing else; same readings, same run.
        List<byte[]> encoded = readings.stream().map(EntryCodec::encode).toList();
        HashFunction sha = CryptoSuite.ED25519_SHA256.hash();
        // Best of five passes: the first ones include JIT compilation of the digest.
        long best = Long.MAX_VALUE;
        byte sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long h0 = System.nanoTime();
            for (byte[] e : encoded) {
                sink ^= sha.hash(e)[0];
            }
            best = Math.min(best, System.nanoTime() - h0);
        }
        if (sink == 42) {
            System.out.print("");
        }
        double avg = encoded.stream().mapToInt(b -> b.length).average().orElse(0);
        return new Result(suite, blockSize, readings.size(), (t1 - t0) / 1e9, (u1 - u0) / 1e9, (s1 - s0) / 1e9, best / 1e9,
                avg, io, commits, blocks);
    }

    /** Bundle verifications per second (parse JSON + full verification), over {@code n} bundles. */
    static double verifyRate(CryptoSuite suite, int n) throws Exception {
        PrivateKey key = PrivateKey.generate(suite, new SecureRandom());
        String gw = "88.1001.31/GW-BENCH";
        MicroBlock block = new BlockSealer(key.signer(), gw).seal(
                cn.bsnedge.ledger.block.ChainHead.genesis(suite.hash().size()), readings(1000, 50, 7));
        List<String> bundles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bundles.add(ProofBundle.of(block, i % block.entryCount(), key.publicKey().fingerprint()).toJson());
        }
        BundleVerifier v = new BundleVerifier(TrustedKeys.of(List.of(new TrustedKey(gw, key.publicKey()))));
        for (int i = 0; i < Math.min(n, 200); i++) { // warm-up
            v.verify(ProofBundle.parse(bundles.get(i), "bench"));
        }
        long t0 = System.nanoTime();
        for (String b : bundles) {
            v.verify(ProofBundle.parse(b, "bench"));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void deleteTree(Path dir, String name) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir.resolve(name))) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
