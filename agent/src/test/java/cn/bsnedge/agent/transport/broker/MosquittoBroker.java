package cn.bsnedge.agent.transport.broker;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Mosquitto ({@code /usr/sbin/mosquitto}) as a child process: a generated config in a temp
 * dir, one loopback listener on a free port, persistence on (sessions survive {@link #restart()}),
 * optionally TLS and a password file. {@link #close()} stops it, kills it if it will not stop, and
 * deletes the dir; a JVM shutdown hook kills it if the test run dies first.
 *
 * <p>If Mosquitto is not installed, {@link #create} fails in CI (env {@code CI=true}), where
 * {@code .ci/run} installs it, and skips the test elsewhere.
 */
public final class MosquittoBroker implements TestBroker {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"));
    private static final long START_TIMEOUT_MILLIS = 10_000;
    /** A loaded machine can take seconds to write the persistence file; a kill before that loses sessions. */
    private static final long STOP_TIMEOUT_MILLIS = 20_000;

    private final Path executable;
    private final Path dir;
    private final BrokerOptions options;
    private final int port;
    private final Thread killer;
    private Process process;
    private int starts;

    private MosquittoBroker(Path executable, Path dir, BrokerOptions options, int port) {
        this.executable = executable;
        this.dir = dir;
        this.options = options;
        this.port = port;
        this.killer = new Thread(this::kill, "mosquitto-killer-" + port);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** A started broker; skips the calling test (fails it in CI) if Mosquitto is not installed. */
    public static MosquittoBroker create(BrokerOptions options) throws IOException, InterruptedException {
        Path exe = locate();
        Path dir = Files.createTempDirectory("bsn-mosquitto");
        MosquittoBroker broker = new MosquittoBroker(exe, dir, options, freePort());
        try {
            broker.writeConfig();
            broker.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The Mosquitto binary: /usr/sbin first (Debian puts it there, outside a normal user's PATH), then PATH. */
    static Path locate() {
        List<Path> tried = new ArrayList<>(CANDIDATES);
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty()) {
                tried.add(Path.of(p, "mosquitto"));
            }
        }
        Optional<Path> found = tried.stream().filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String why = "mosquitto not found in /usr/sbin, /usr/local/sbin or PATH; install it: apt-get install mosquitto";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(why + " (CI=true: .ci/run should have installed it)");
        }
        Assumptions.abort(why + " (skipped outside CI)");
        throw new AssertionError("unreachable");
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = dir.resolve("mosquitto-" + (++starts) + ".log");
        process = new ProcessBuilder(executable.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains(" running")) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String exit = process.isAlive() ? "still running" : "exit " + process.exitValue();
                kill();
                throw new IOException("mosquitto did not start on port " + port + " (" + exit + "); its log:\n" + text);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: Mosquitto writes its persistence file and exits
        if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        process = null;
    }

    @Override
    public synchronized void restartWithoutSessions() throws IOException, InterruptedException {
        stop();
        deleteTree(dir.resolve("data"));
        Files.createDirectories(dir.resolve("data"));
        start();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public URI uri() {
        return URI.create((options.tls().isPresent() ? "ssl" : "tcp") + "://127.0.0.1:" + port);
    }

    /** Everything Mosquitto logged since it was created, for failure messages. */
    public String log() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            Path p = dir.resolve("mosquitto-" + i + ".log");
            if (Files.exists(p)) {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + dir, e);
        }
    }

    private synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void writeConfig() throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> conf = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "persistence true",
                "persistence_location " + data + "/",
                // Stay the user we are: as root, Mosquitto would switch to user mosquitto and lose our temp dir.
                "user " + System.getProperty("user.name"),
                // The default, 1000, silently drops QoS 1 messages for a subscriber that falls behind.
                "max_queued_messages 100000",
                "log_dest stderr", // unbuffered, unlike stdout into a file: start() waits for the "running" line
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "log_timestamp false"));
        if (options.users().isEmpty()) {
            conf.add("allow_anonymous true");
        } else {
            conf.add("allow_anonymous false");
            Path passwords = dir.resolve("passwords");
            boolean first = true;
            for (Map.Entry<String, String> u : options.users().entrySet()) {
                List<String> cmd = new ArrayList<>(List.of(passwdTool()));
                if (first) {
                    cmd.add("-c");
                }
                cmd.addAll(List.of("-b", passwords.toString(), u.getKey(), u.getValue()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("mosquitto_passwd failed: " + out);
                }
                first = false;
            }
            conf.add("password_file " + passwords);
        }
        options.tls().ifPresent(t -> {
            conf.add("cafile " + t.caCert());
            conf.add("certfile " + t.serverCert());
            conf.add("keyfile " + t.serverKey());
            conf.add("tls_version tlsv1.3");
            conf.add("require_certificate " + t.requireClientCert());
        });
        Files.write(dir.resolve("mosquitto.conf"), conf, StandardCharsets.UTF_8);
    }

    private String passwdTool() {
        Path sibling = Path.of("/usr/bin/mosquitto_passwd");
        return Files.isExecutable(sibling) ? sibling.toString() : "mosquitto_passwd";
    }

    /**
     * A free port below Linux's ephemeral range (32768 up): the kernel never gives one of these to
     * an outgoing connection, so while the broker is down for a restart no client's socket takes
     * its port, nor connects to itself on it (a reconnecting client can, on an ephemeral port).
     */
    private static int freePort() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        for (int tries = 0; tries < 200; tries++) {
            int port = random.nextInt(20_000, 32_768);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port in 20000..32767 after 200 tries");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
