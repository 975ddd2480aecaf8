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
     * @param patience    how long to wait; the first start of a source checkout builds the node
     */
    static DemoNode start(Path launcher, Path dir, Path gatewayKey, Duration patience) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("node.log");
        Process add = new ProcessBuilder(launcher.toString(), "gateways", "add", "--data", dir.toString(), "--key", gatewayKey.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!add.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) || add.exitValue() != 0) {
            add.destroyForcibly();
            throw new IOException("the city node did not register the gateway key (see " + log + ")");
        }
        Process p = new ProcessBuilder(launcher.toString(), "run", "--data", dir.toString(), "--embedded-broker", "--port", "0",
                "--node", NODE_ID, "--city", CITY)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        Thread.ofPlatform().daemon(true).name("bsn-demo-node-out").start(() -> drain(r));
                        return m;
                    }
                }
            } catch (IOException e) {
                // the node ended; reported below
            }
            return null;
        });
        try {
            Matcher m = ready.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new IOException("the city node stopped before it was ready (see " + log + ")");
            }
            return new DemoNode(p, URI.create(m.group(2)), Path.of(m.group(3)));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IOException("the city node was not ready within " + patience.toSeconds() + " s (see " + log + ")");
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // the node's stdout after its readiness line; nothing more is needed from it
            }
        } catch (IOException e) {
            // the node ended
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
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
