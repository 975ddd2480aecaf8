package cn.bsnedge.agent.bench;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The experiment behind docs/STORE.md's "Why the blocks are not in MapDB": a child process
 * appends values to MapDB 3.1.0 with its write-ahead log on and commits after each; the parent
 * SIGKILLs it at random instants and, after each kill, requires every value the child reported
 * committed to read back intact and the store to accept another commit.
 */
@Command(name = "probe-mapdb-crash", hidden = true, mixinStandardHelpOptions = true,
        description = "Kills a MapDB writer repeatedly and reports whether committed data survived.")
public final class MapDbCrashProbe implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VARIANT",
            description = "channel|raf|mmap, plus +outside or +inline, e.g. channel+outside")
    String variant;

    @Option(names = "--kills", defaultValue = "60")
    int kills;

    @Option(names = "--child", hidden = true)
    Path child;

    @Option(names = "--measure-commits", paramLabel = "N",
            description = "Instead of killing: commit N values of --value-bytes each, one commit per value, and report bytes written per commit (/proc/self/io).")
    Integer measureCommits;

    @Option(names = "--value-bytes", defaultValue = "1024")
    int valueBytes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static DB open(Path file, String variant) {
        DBMaker.Maker m = DBMaker.fileDB(file.toFile()).transactionEnable();
        if (variant.startsWith("channel")) {
            m = m.fileChannelEnable();
        } else if (variant.startsWith("mmap")) {
            m = m.fileMmapEnable().fileMmapPreclearDisable();
        }
        return m.make();
    }

    static BTreeMap<Long, byte[]> map(DB db, String name, String variant) {
        var maker = db.treeMap(name, Serializer.LONG, Serializer.BYTE_ARRAY);
        return (variant.contains("outside") ? maker.valuesOutsideNodesEnable() : maker).createOrOpen();
    }

    /** Value {@code i}: 2–22 KB, like a deflated block, reproducible from i alone. */
    static byte[] value(long i) {
        Random r = new Random(i);
        byte[] b = new byte[2000 + r.nextInt(20000)];
        r.nextBytes(b);
        return b;
    }

    @Override
    public Integer call() throws Exception {
        if (child != null) {
            runChild();
            return 0;
        }
        var out = spec.commandLine().getOut();
        if (measureCommits != null) {
            return measureCommits(out);
        }
        Path dir = Files.createTempDirectory("mapdb-probe");
        Path file = dir.resolve("probe.db");
        open(file, variant).close();
        long maxCommitted = -1;
        Random rnd = new Random(42);
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int k = 0; k < kills; k++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "cn.bsnedge.agent.cli.Main", "probe-mapdb-crash", variant, "--child", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long killAt = System.currentTimeMillis() + 700 + rnd.nextInt(1000);
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                p.destroyForcibly();
            });
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("C ")) {
                        maxCommitted = Math.max(maxCommitted, Long.parseLong(line.substring(2)));
                    }
                }
            }
            p.waitFor();
            killer.join();
            String problem = verify(file, maxCommitted);
            if (problem != null) {
                out.printf("%s: BROKEN after kill %d (%d commits acknowledged): %s%n", variant, k + 1, maxCommitted + 1, problem);
                return 1;
            }
        }
        out.printf("%s: intact after %d kills, %d commits acknowledged%n", variant, kills, maxCommitted + 1);
        return 0;
    }

    /** What one MapDB transaction commit writes, whatever the value size (docs/BENCHMARKS.md). */
    private int measureCommits(java.io.PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("mapdb-commits");
        Path file = dir.resolve("measure.db");
        DB db = open(file, variant);
        BTreeMap<Long, byte[]> values = map(db, "values", variant);
        for (long i = 0; i < 20; i++) { // warm-up, and past the first allocations
            values.put(-1 - i, new byte[valueBytes]);
            db.commit();
        }
        ProcIo before = ProcIo.now();
        Random r = new Random(1);
        for (long i = 0; i < measureCommits; i++) {
            byte[] v = new byte[valueBytes];
            r.nextBytes(v);
            values.put(i, v);
            db.commit();
        }
        ProcIo io = ProcIo.now().minus(before);
        db.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        out.printf("MapDB %s, %d commits of one %d-byte value: %,.0f bytes written per commit (wchar), %,.0f to the block device, %.1f write syscalls per commit%n",
                variant, measureCommits, valueBytes, (double) io.wchar() / measureCommits,
                (double) io.writeBytes() / measureCommits, (double) io.syscw() / measureCommits);
        return 0;
    }

    private String verify(Path file, long maxCommitted) {
        try {
            DB db = open(file, variant);
            BTreeMap<Long, byte[]> values = map(db, "values", variant);
            BTreeMap<Long, byte[]> small = map(db, "small", variant);
            for (long i = 0; i <= maxCommitted; i++) {
                if (!Arrays.equals(values.get(i), value(i))) {
                    db.close();
                    return "committed value " + i + " is " + (values.get(i) == null ? "missing" : "corrupt");
                }
            }
            long n = values.sizeLong();
            values.put(n, value(n));
            small.put(n, new byte[16]);
            db.commit();
            db.close();
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private void runChild() {
        DB db = open(child, variant);
        BTreeMap<Long, byte[]> values = map(db, "values", variant);
        BTreeMap<Long, byte[]> small = map(db, "small", variant);
        long i = values.isEmpty() ? 0 : values.lastKey() + 1;
        while (true) {
            values.put(i, value(i));
            small.put(i, new byte[300 + (int) (i % 100)]);
            db.commit();
            System.out.println("C " + i);
            System.out.flush();
            i++;
        }
    }
}
