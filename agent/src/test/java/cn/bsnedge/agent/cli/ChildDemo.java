package cn.bsnedge.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bsn-edge} in a child JVM on the test classpath, to be killed with SIGKILL. Its stdout is
 * read line by line on a thread; each complete {@code sealed height=H hash=HEX entries=N} line
 * is a block whose commit had returned before it was printed.
 */
public final class ChildDemo implements AutoCloseable {

    /** A block the child reported as committed. */
    public record Sealed(long height, String hash) {
    }

    /** Demands the full 64-digit hash and the entries field, so a line cut short by the kill never matches. */
    private static final Pattern SEALED = Pattern.compile("sealed height=(\\d+) hash=([0-9a-f]{64}) entries=\\d+");
    private static final List<String> JVM_OPTS = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "--enable-native-access=ALL-UNNAMED");

    private final Process process;
    private final Path stderr;
    private final List<Sealed> sealed = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch firstSealed = new CountDownLatch(1);
    private final Thread reader;

    private ChildDemo(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().name("child-stdout").daemon(true).start(this::read);
    }

    /** Starts {@code Main args...}; stderr goes to {@code stderr}. */
    public static ChildDemo start(Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(JVM_OPTS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        return new ChildDemo(p, stderr);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                }
                Matcher m = SEALED.matcher(line);
                if (m.matches()) {
                    synchronized (sealed) {
                        sealed.add(new Sealed(Long.parseLong(m.group(1)), m.group(2)));
                    }
                    firstSealed.countDown();
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child dies; what was read stays.
        }
    }

    /** Waits until the child printed its first sealed block; false if it died or timed out first. */
    public boolean awaitFirstSealed(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (firstSealed.await(20, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive()) {
                return firstSealed.getCount() == 0;
            }
        }
        return false;
    }

    /** Waits until the child printed a line starting with {@code prefix}; false if it died or timed out first. */
    public boolean awaitLine(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (lines().stream().anyMatch(l -> l.startsWith(prefix))) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(10_000);
                return lines().stream().anyMatch(l -> l.startsWith(prefix));
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Every complete line the child printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * SIGTERM: the agent's clean stop. Waits for death and for stdout to drain; returns the exit
     * value, or -1 if still alive after {@code timeoutMs}. Through the ProcessHandle, because
     * Process.destroy also closes our end of the child's stdout, losing what it prints while stopping.
     */
    public int terminate(long timeoutMs) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(10_000);
        return process.exitValue();
    }

    public Process process() {
        return process;
    }

    /** SIGKILL (destroyForcibly on Linux), then waits for death and for stdout to drain. Returns the exit value. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        int code = process.waitFor();
        reader.join(10_000);
        return code;
    }

    /** Every block the child reported; complete only after {@link #kill} or exit. */
    public List<Sealed> sealed() {
        synchronized (sealed) {
            return List.copyOf(sealed);
        }
    }

    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
