package cn.bsnedge.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The city node the demo runs beside the gateway: {@code bsn-node} as a process of its own with
 * its embedded broker on loopback, reached over MQTT exactly as in the field. The gateway's code
 * never depends on the node's: it only starts its launcher and reads its readiness line.
 */
final class DemoNode implements AutoCloseable {

    /** The node's id in the demo. */
    static final String NODE_ID = "88.1001/BSN-NODE-DEMO";
    /** The demo's city, the first level of the topics (PROTOCOL.md §2). */
    static final String CITY = "demo";

    /** Once built (the registration step builds it), the node is ready within seconds. */
    private static final Duration READY_PATIENCE = Duration.ofMinutes(2);

    private static final Pattern READY = Pattern.compile("^bsn-node ready node=(\\S+) broker=(\\S+) key=(\\S+)");

    private final Process process;
    private final URI broker;
    private final Path nodeKey;

    private DemoNode(Process process, URI broker, Path nodeKey) {
        this.process = process;
        this.broker = broker;
        this.nodeKey = nodeKey;
    }

    /**
     * Where the node's launcher is: {@code $BSN_NODE}, else {@code bsn-node.sh} beside the
     * {@code ./bsn-edge} launcher of a source checkout ({@code $BSN_EDGE_HOME}), else
     * {@code bsn-node} on the PATH.
     */
    static Optional<Path> launcher(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("BSN_NODE")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(env.get("BSN_EDGE_HOME")).map(h -> Path.of(h, "bsn-node.sh")).ifPresent(candidates::add);
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "bsn-node"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Registers the gateway's key at the node, starts it and waits for its readiness line.
     *
     * @param dir         the node's data directory (its key, ledger and registry)
     * @param gatewayKey  the gateway's trust file ({@code bsn-edge-key/1})
     * @param patience    how long the registration may take: the first call of a source checkout builds the node
     */
    static DemoNode start(Path launcher, Path dir, Path gatewayKey, Duration patience) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("node.log");
        Process add = new ProcessBuilder(launcher.toString(), "gateways", "add", "--data", dir.toString(), "--key", gatewayKey.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!add.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) || add.exitValue() != 0) {
            add.destroyForcibly();
            throw new IOException("the city node did not register the gateway key" + tail(log));
        }
        Process p = new ProcessBuilder(launcher.toString(), "run", "--data", dir.toString(), "--embedded-broker", "--port", "0",
                "--node", NODE_ID, "--city", CITY)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // A thread of its own reads the node's stdout to its end (never the common pool, whose one
        // thread on a small board may be busy), copying it to node.log, so nothing the node says is lost.
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("bsn-demo-node-out").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    appendQuietly(log, line);
                    Matcher m = READY.matcher(line);
                    if (!ready.isDone() && m.find()) {
                        ready.complete(m);
                    }
                }
            } catch (IOException e) {
                // the node ended
            }
            ready.complete(null);
        });
        try {
            Matcher m = ready.get(READY_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new IOException("the city node stopped before it was ready" + tail(log));
            }
            return new DemoNode(p, URI.create(m.group(2)), Path.of(m.group(3)));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            stop(p);
            throw new IOException("the city node was not ready within " + READY_PATIENCE.toSeconds() + " s" + tail(log));
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    private static void appendQuietly(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for the operator; the readiness line is what matters here
        }
    }

    /** "; node.log ends: ..." with its last lines, so the demo's message says what the node said. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return " (" + log + " ends: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())) + ")";
        } catch (IOException e) {
            return " (see " + log + ")";
        }
    }

    /** SIGTERM first, so the node and its broker close their files; then kill. */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    URI broker() {
        return broker;
    }

    /** The node's trust file ({@code bsn-edge-node-key/1}), for the gateway's trust directory. */
    Path nodeKey() {
        return nodeKey;
    }

    /** Stops the node as an operator would (SIGTERM), and makes sure it is gone. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }
}
