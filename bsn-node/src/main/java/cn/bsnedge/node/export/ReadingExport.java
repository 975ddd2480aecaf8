package cn.bsnedge.node.export;

import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.node.audit.ArchivedChain;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the verified readings of archived blocks as CSV (RFC 4180, a header line) or JSON Lines.
 * Only blocks that verify under a registered key and are the only valid block at their height are
 * exported; the others are counted as skipped (the audit says why). A progress line goes to the
 * given sink at most every {@code progressMillis}.
 */
public final class ReadingExport {

    public enum Format { CSV, JSONL }

    /** Totals of an export. */
    public record Totals(long readings, long blocks, long skippedBlocks) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CSV_HEADER = "gateway,height,sensor,seq,time,clock,quantity,unit,value,valueType";

    private final Format format;
    private final Writer out;
    private final InstantSource clock;
    private final long progressMillis;
    private final Consumer<String> progress;
    private long readings;
    private long blocks;
    private long skipped;
    private long started = -1;
    private long lastProgress;

    public ReadingExport(Format format, Writer out, InstantSource clock, long progressMillis, Consumer<String> progress) throws IOException {
        this.format = format;
        this.out = out;
        this.clock = clock;
        this.progressMillis = progressMillis;
        this.progress = progress;
        if (format == Format.CSV) {
            out.write(CSV_HEADER + "\n");
        }
    }

    /** Exports one gateway's verified chain, in height order. */
    public void add(ArchivedChain chain) throws IOException {
        if (started < 0) {
            started = clock.millis();
            lastProgress = started;
        }
        for (Map.Entry<Long, List<ArchivedChain.Checked>> e : chain.byHeight().entrySet()) {
            MicroBlock single = chain.single(e.getKey());
            if (single == null) {
                skipped += e.getValue().size();
                continue;
            }
            for (ArchivedChain.Checked c : e.getValue()) {
                if (c.block() == single) {
                    for (Entry en : c.entries()) {
                        if (en instanceof Reading r) {
                            write(chain.gatewayId(), e.getKey(), r);
                            readings++;
                        }
                    }
                }
            }
            blocks++;
            long now = clock.millis();
            if (now - lastProgress >= progressMillis) {
                lastProgress = now;
                progress.accept(line(now));
            }
        }
    }

    public Totals finish() throws IOException {
        out.flush();
        if (started >= 0) {
            progress.accept(line(clock.millis()));
        }
        return new Totals(readings, blocks, skipped);
    }

    private String line(long now) {
        long ms = Math.max(1, now - started);
        return "export: " + readings + " readings from " + blocks + " blocks (" + (readings * 1000 / ms) + " readings/s)"
                + (skipped > 0 ? ", " + skipped + " blocks skipped (failing verification or forked; see bsn-node audit)" : "");
    }

    private void write(String gateway, long height, Reading r) throws IOException {
        String valueType = r.value() instanceof ReadingValue.Decimal ? "decimal" : "float64";
        if (format == Format.CSV) {
            out.write(String.join(",", csv(gateway), Long.toString(height), csv(r.sensor().value()), Long.toString(r.seq()),
                    r.time().toInstant().toString(), r.clock().label(), csv(r.quantity()), csv(r.unit()), r.value().text(), valueType));
            out.write('\n');
        } else {
            ObjectNode n = JSON.createObjectNode();
            n.put("gateway", gateway);
            n.put("height", height);
            n.put("sensor", r.sensor().value());
            n.put("seq", r.seq());
            n.put("time", r.time().toInstant().toString());
            n.put("clock", r.clock().label());
            n.put("quantity", r.quantity());
            n.put("unit", r.unit());
            n.put("value", r.value().text());
            n.put("valueType", valueType);
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
        }
    }

    private static String csv(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
