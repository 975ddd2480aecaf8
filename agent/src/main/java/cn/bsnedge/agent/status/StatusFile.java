package cn.bsnedge.agent.status;

import cn.bsnedge.agent.json.StreamingJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code DATA/run/status.json}, replaced atomically (write, rename) so a reader never sees half a
 * file. It is not fsynced: it is a view for operators, rewritten every few seconds, and not worth
 * an SD-card write cycle's durability.
 *
 * <p>The agent writes it with jackson-core's streaming API (see {@link StreamingJson}): field
 * names and order are the records' components. Only {@code bsn-edge status} reads it, in a
 * short-lived process, so reading may bind records with databind.
 */
public final class StatusFile {

    private final Path file;

    public StatusFile(Path dataDir) {
        this.file = dataDir.resolve("run").resolve("status.json");
    }

    public Path path() {
        return file;
    }

    public void write(GatewayStatus status) throws IOException {
        // java.io, not NIO: one open, one write, one rename(2), with little Java around them. The
        // agent writes this every 30 s, too seldom for the JIT to compile the JDK's code on the
        // way for a long while, and interpreted code is what the status thread spent its CPU on
        // (docs/BENCHMARKS.md section 5).
        byte[] json = toJson(status).getBytes(StandardCharsets.UTF_8);
        File tmp = new File(file.getParent().toFile(), "status.json.tmp");
        try {
            writeBytes(tmp, json);
        } catch (FileNotFoundException e) {
            Files.createDirectories(file.getParent()); // the first write, or the run directory was removed
            writeBytes(tmp, json);
        }
        if (!tmp.renameTo(file.toFile())) {
            // renameTo gives no reason; the NIO call names it.
            Files.move(tmp.toPath(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void writeBytes(File f, byte[] bytes) throws IOException {
        try (FileOutputStream out = new FileOutputStream(f)) {
            out.write(bytes);
        }
    }

    public Optional<GatewayStatus> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        // Built here, not held in a constant, so that the agent, which only writes, never loads databind.
        ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return Optional.of(json.readValue(file.toFile(), GatewayStatus.class));
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The status as pretty-printed JSON, without a trailing newline: the file's content. */
    public static String toJson(GatewayStatus s) {
        return StreamingJson.prettyObject(g -> {
            g.writeStringField("writtenAt", s.writtenAt());
            g.writeNumberField("pid", s.pid());
            g.writeStringField("gatewayId", s.gatewayId());
            g.writeStringField("suite", s.suite());
            g.writeNumberField("height", s.height());
            g.writeStringField("headHash", s.headHash());
            g.writeNumberField("readingsPerMinute", s.readingsPerMinute());
            g.writeNumberField("blocksPerMinute", s.blocksPerMinute());
            g.writeNumberField("droppedReadings", s.droppedReadings());
            g.writeNumberField("storeBytes", s.storeBytes());
            g.writeNumberField("freeDiskBytes", s.freeDiskBytes());
            g.writeStringField("clock", s.clock());
            g.writeNumberField("backwardClockJumps", s.backwardClockJumps());
            g.writeStringField("lastClockJump", s.lastClockJump());
            g.writeArrayFieldStart("sensors");
            for (GatewayStatus.Sensor x : s.sensors()) {
                writeSensor(g, x);
            }
            g.writeEndArray();
            if (s.anchor() == null) {
                g.writeNullField("anchor");
            } else {
                g.writeFieldName("anchor");
                writeAnchor(g, s.anchor());
            }
        });
    }

    private static void writeSensor(JsonGenerator g, GatewayStatus.Sensor x) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", x.code());
        g.writeStringField("driver", x.driver());
        g.writeNumberField("lastSeq", x.lastSeq());
        g.writeNumberField("readsOk", x.readsOk());
        g.writeNumberField("failures", x.failures());
        g.writeNumberField("skippedDeadlines", x.skippedDeadlines());
        g.writeStringField("lastSuccess", x.lastSuccess());
        g.writeStringField("lastError", x.lastError());
        g.writeEndObject();
    }

    private static void writeAnchor(JsonGenerator g, AnchorStatus a) throws IOException {
        g.writeStartObject();
        g.writeStringField("link", a.link());
        g.writeNumberField("chainBlocks", a.chainBlocks());
        g.writeNumberField("anchoredSize", a.anchoredSize());
        g.writeStringField("receiptNode", a.receiptNode());
        g.writeNumberField("receiptLedgerSeq", a.receiptLedgerSeq());
        g.writeStringField("receiptRecordedAt", a.receiptRecordedAt());
        g.writeNumberField("backlogBlocks", a.backlogBlocks());
        g.writeNumberField("pendingSize", a.pendingSize());
        g.writeNumberField("telemetryPublished", a.telemetryPublished());
        g.writeStringField("lastRejection", a.lastRejection());
        g.writeBooleanField("halted", a.halted());
        g.writeArrayFieldStart("alarms");
        for (String alarm : a.alarms()) {
            g.writeString(alarm);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
