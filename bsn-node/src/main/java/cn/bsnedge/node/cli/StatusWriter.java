package cn.bsnedge.node.cli;

import cn.bsnedge.node.run.NodeRuntime;
import cn.bsnedge.node.telemetry.Presence;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * {@code DATA/run/status-<client id>.json}, rewritten every few seconds by a running node process:
 * its counts, whether it is connected, each gateway's presence and archived height. {@code bsn-node
 * gateways list} merges the files of every process.
 */
final class StatusWriter {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String clientId;
    private final String nodeId;
    private final String broker;
    private final NodeRuntime rt;
    private final Instant started = Instant.now();

    StatusWriter(Path dataDir, String clientId, String nodeId, String broker, NodeRuntime rt) {
        this.file = dataDir.resolve("run").resolve("status-" + clientId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        this.clientId = clientId;
        this.nodeId = nodeId;
        this.broker = broker;
        this.rt = rt;
    }

    void write() {
        try {
            ObjectNode n = JSON.createObjectNode();
            n.put("node", nodeId);
            n.put("clientId", clientId);
            n.put("pid", ProcessHandle.current().pid());
            n.put("broker", broker);
            n.put("started", started.toString());
            n.put("updated", Instant.now().toString());
            NodeRuntime.Counts c = rt.counts();
            ObjectNode counts = n.putObject("anchors");
            counts.put("accepted", c.accepted());
            counts.put("duplicates", c.duplicates());
            counts.put("rejected", c.rejected());
            counts.put("alarms", c.alarms());
            n.put("blockMessages", c.blockMessages());
            ObjectNode rej = n.putObject("rejections");
            rt.rejections().forEach(rej::put);
            ObjectNode gws = n.putObject("gateways");
            Map<String, Long> archived = rt.telemetry().contiguous();
            for (Map.Entry<String, Long> e : archived.entrySet()) {
                gws.putObject(e.getKey()).put("archivedContiguous", e.getValue());
            }
            for (Presence p : rt.telemetry().presence().values()) {
                ObjectNode g = gws.has(p.gatewayId()) ? (ObjectNode) gws.get(p.gatewayId()) : gws.putObject(p.gatewayId());
                g.put("online", p.online());
                p.birth().ifPresent(b -> {
                    g.put("session", b.session());
                    g.put("blockCount", b.blockCount());
                    g.put("anchoredSize", b.anchoredSize());
                    g.put("agent", b.agent());
                    g.put("birth", Instant.ofEpochMilli(b.timestampMillis()).toString());
                });
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, n.toPrettyString() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StatusWriter.class).warn("status file {} not written: {}", file, e.toString());
        }
    }
}
