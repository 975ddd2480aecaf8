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
                  double sealSeconds, double sha256Seconds, double avgEncodedBytes, ProcIo serialIo,
                  long commits, long blocks) {
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

    /**
     * Reading {@code i} of a deterministic stream: {@code sensors} sensors sampled round-robin at
     * 1 Hz, 3-decimal values. Made on demand so a long run fits the agent's 32 MiB heap.
     */
    static final class Stream {
        private static final String[][] KINDS = {{"temperature", "Cel"}, {"water.volume", "m3"}, {"pressure", "Pa"},
            {"energy", "kWh"}, {"humidity", "%RH"}};
        private final SensorCode[] codes;
        private final long seed;

        Stream(int sensors, long seed) {
            this.codes = new SensorCode[sensors];
            for (int s = 0; s < sensors; s++) {
                codes[s] = SensorCode.of(String.format("88.1001.31/SNS-%07d", s));
            }
            this.seed = seed;
        }

        Reading reading(long i) {
            int s = (int) (i % codes.length);
            String[] kind = KINDS[s % KINDS.length];
            long value = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L)).nextLong(1_000_000_000L);
            return new Reading(codes[s], 1 + i / codes.length, Timestamp.ofMillis(1_795_000_000_000L + (i / codes.length) * 1000L + s),
                    ClockQuality.SYNCED, kind[0], kind[1], new ReadingValue.Decimal(value, 3));
        }

        List<Reading> batch(long from, int n) {
            List<Reading> out = new ArrayList<>(n);
            for (long i = from; i < from + n; i++) {
                out.add(reading(i));
            }
            return out;
        }
    }

    static Result run(Path dir, CryptoSuite suite, int blockSize, Stream stream, long readings) throws Exception {
        PrivateKey key = PrivateKey.generate(suite, new SecureRandom());
        String gw = "88.1001.31/GW-BENCH";
        BlockSealer sealer = new BlockSealer(key.signer(), gw);

        // 1. The agent's path: readings queue -> sealer thread -> group-committing writer thread.
        Path file = dir.resolve(suite.label() + "-" + blockSize);
        long t0;
        long t1;
        long commits;
        long blocks;
        try (LogBlockStore store = LogBlockStore.openOrCreate(file, gw, key.publicKey())) {
            Batcher batcher = new Batcher(sealer, store, blockSize, Duration.ofHours(1), 10_000, b -> { }, msg -> { });
            t0 = System.nanoTime();
            batcher.start();
            for (long i = 0; i < readings; i++) {
                batcher.put(stream.reading(i));
            }
            batcher.close();
            t1 = System.nanoTime();
            commits = batcher.commits();
            blocks = batcher.sealedBlocks();
        }
        deleteTree(file.getParent(), file.getFileName().toString());

        // 2. One commit per block, no overlap: seal, write, fdatasync, next. Also what the default
        //    sealing policy costs on disk, where blocks arrive seconds apart and never group.
        Path serialFile = dir.resolve(suite.label() + "-" + blockSize + "-serial");
        long serialNanos = 0;
        long sealNanos = 0;
        ProcIo serialBefore;
        try (LogBlockStore store = LogBlockStore.openOrCreate(serialFile, gw, key.publicKey())) {
            serialBefore = ProcIo.now();
            for (long i = 0; i < readings; i += blockSize) {
                List<Reading> batch = stream.batch(i, (int) Math.min(blockSize, readings - i));
                long u0 = System.nanoTime();
                MicroBlock b = sealer.seal(store.head(), batch);
                long u1 = System.nanoTime();
                store.append(b);
                long u2 = System.nanoTime();
                serialNanos += u2 - u0;
                sealNanos += u1 - u0; // sealing alone (encode, leaf hashes, root, signature)
            }
        }
        ProcIo serialIo = ProcIo.now().minus(serialBefore);
        deleteTree(serialFile.getParent(), serialFile.getFileName().toString());

        // 3. The bound: SHA-256 of each encoded reading, nothing else; same readings, same run.
        //    Best of five passes; encoding happens outside the timed part, in chunks.
        HashFunction sha = CryptoSuite.ED25519_SHA256.hash();
        long best = Long.MAX_VALUE;
        long encodedBytes = 0;
        byte sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long nanos = 0;
            for (long i = 0; i < readings; i += 10_000) {
                List<byte[]> chunk = stream.batch(i, (int) Math.min(10_000, readings - i)).stream().map(EntryCodec::encode).toList();
                long h0 = System.nanoTime();
                for (byte[] e : chunk) {
                    sink ^= sha.hash(e)[0];
                }
                nanos += System.nanoTime() - h0;
                if (pass == 0) {
                    encodedBytes += chunk.stream().mapToLong(e -> e.length).sum();
                }
            }
            best = Math.min(best, nanos);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new Result(suite, blockSize, readings, (t1 - t0) / 1e9, serialNanos / 1e9, sealNanos / 1e9, best / 1e9,
                (double) encodedBytes / readings, serialIo, commits, blocks);
    }

    /** Appends {@code blocks} blocks, one commit each, into a store that already exists (so creation is not counted). */
    static void appendOnly(Path dir, CryptoSuite suite, int blockSize, Stream stream, int blocks) throws Exception {
        PrivateKey key = PrivateKey.generate(suite, new SecureRandom());
        String gw = "88.1001.31/GW-BENCH";
        BlockSealer sealer = new BlockSealer(key.signer(), gw);
        Path file = dir.resolve("commits-only");
        LogBlockStore.openOrCreate(file, gw, key.publicKey()).close();
        System.err.println("bench: store created; appending now");
        try (LogBlockStore store = LogBlockStore.openOrCreate(file, gw, key.publicKey())) {
            for (int b = 0; b < blocks; b++) {
                store.append(sealer.seal(store.head(), stream.batch((long) b * blockSize, blockSize)));
            }
        }
        deleteTree(dir, "commits-only");
    }

    /** Bundle verifications per second (parse JSON + full verification), over {@code n} bundles. */
    static double verifyRate(CryptoSuite suite, int n) throws Exception {
        PrivateKey key = PrivateKey.generate(suite, new SecureRandom());
        String gw = "88.1001.31/GW-BENCH";
        MicroBlock block = new BlockSealer(key.signer(), gw).seal(
                cn.bsnedge.ledger.block.ChainHead.genesis(suite.hash().size()), new Stream(50, 7).batch(0, 1000));
        List<String> bundles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bundles.add(ProofBundle.of(block, i % block.entryCount(), key.publicKey().fingerprint()).toJson());
        }
        BundleVerifier v = new BundleVerifier(TrustedKeys.of(List.of(new TrustedKey(gw, key.publicKey()))));
        for (int pass = 0; pass < 2; pass++) { // warm-up: JIT-compile parsing and the curve arithmetic first
            for (String b : bundles) {
                v.verify(ProofBundle.parse(b, "bench"));
            }
        }
        long t0 = System.nanoTime();
        for (String b : bundles) {
            v.verify(ProofBundle.parse(b, "bench"));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void deleteTree(Path dir, String name) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir.resolve(name))) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
