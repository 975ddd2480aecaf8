package cn.bsnedge.agent.bench;

import cn.bsnedge.agent.store.MapDbBlockStore;
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
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The append path as the agent runs it (encode, leaf-hash, Merkle root, one signature and one
 * durable MapDB commit per block), measured against the bare bound of SHA-256 over the same
 * encoded readings in the same run, plus the disk bytes and syscalls it costs.
 */
final class StoreBench {

    /** One measured configuration. */
    record Result(CryptoSuite suite, int blockSize, long readings, double seconds, double sealSeconds, double sha256Seconds,
                  double avgEncodedBytes, ProcIo io, long commits) {
        double readingsPerSecond() {
            return readings / seconds;
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
        Path file = dir.resolve(suite.label() + "-" + blockSize + ".db");
        BlockSealer sealer = new BlockSealer(key.signer(), gw);
        long commits = 0;
        ProcIo before;
        long t0;
        long t1;
        try (MapDbBlockStore store = MapDbBlockStore.openOrCreate(file, gw, key.publicKey())) {
            before = ProcIo.now();
            t0 = System.nanoTime();
            for (int i = 0; i < readings.size(); i += blockSize) {
                List<Reading> batch = readings.subList(i, Math.min(readings.size(), i + blockSize));
                store.append(sealer.seal(store.head(), batch));
                commits++;
            }
            t1 = System.nanoTime();
        }
        ProcIo io = ProcIo.now().minus(before);
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
        deleteTree(file.getParent(), file.getFileName().toString());
        return new Result(suite, blockSize, readings.size(), (t1 - t0) / 1e9, (s1 - s0) / 1e9, best / 1e9, avg, io, commits);
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

    private static void deleteTree(Path dir, String prefix) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
