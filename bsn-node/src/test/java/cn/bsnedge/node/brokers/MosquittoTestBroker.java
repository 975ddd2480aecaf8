package cn.bsnedge.node.brokers;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto, started on a free loopback port with a generated config and on-disk
 * persistence (so a restart keeps sessions). Missing mosquitto skips the test locally and fails it
 * in CI (CI=true), where .ci/run installs it.
 */
public final class MosquittoTestBroker implements TestBroker {

    private final Path dir;
    private final int port;
    private Process process;

    public MosquittoTestBroker() throws Exception {
        this("");
    }

    /** A broker whose listener takes {@code listenerOptions} (e.g. TLS settings) after its first line. */
    public MosquittoTestBroker(String listenerOptions) throws Exception {
        String bin = binary();
        dir = Files.createTempDirectory("bsn-node-mosquitto");
        // Started as root, mosquitto drops to its own user, which must write its log and persistence here.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        port = portBelowTheEphemeralRange();
        Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                %s
                allow_anonymous true
                persistence true
                persistence_location %s/
                max_queued_messages 100000
                log_dest file %s/mosquitto.log
                log_type error
                log_type warning
                log_type notice
                log_type information
                """.formatted(port, listenerOptions, dir, dir));
        this.bin = bin;
        start();
    }

    private final String bin;

    /** The mosquitto binary, or the test is skipped (locally) / failed (CI). */
    public static String binary() {
        for (String c : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        String msg = "mosquitto is not installed (apt-get install mosquitto); .ci/run installs it";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg + ", but this CI run has none");
        }
        Assumptions.abort(msg);
        return null;
    }

    private void start() throws Exception {
        process = new ProcessBuilder(bin, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("mosquitto.log")) ? Files.readString(dir.resolve("mosquitto.log")) : ""));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    /** The broker's working directory (world-readable: mosquitto drops to its own user). */
    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public boolean survivesRestart() {
        return true;
    }

    @Override
    public void restart() throws Exception {
        stop();
        start();
    }

    private void stop() throws InterruptedException {
        process.destroy(); // SIGTERM: mosquitto writes its persistence file on the way out
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * A free port below Linux's ephemeral range (32768 up): while the broker is down for a restart,
     * no client's outgoing socket takes its port or connects to itself on it.
     */
    private static int portBelowTheEphemeralRange() throws java.io.IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        for (int tries = 0; tries < 200; tries++) {
            int p = random.nextInt(20_000, 32_768);
            try (java.net.ServerSocket s = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new java.io.IOException("no free loopback port in 20000..32767 after 200 tries");
    }
}
