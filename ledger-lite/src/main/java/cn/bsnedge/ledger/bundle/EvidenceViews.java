package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlockHeader;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.Timestamp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The human-readable views a bundle carries next to the canonical bytes. They are never
 * trusted: a verifier re-derives them from the bytes and requires equality, which is what
 * makes every view field "covered" even though only the bytes are hashed and signed.
 */
final class EvidenceViews {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private EvidenceViews() {
    }

    static ObjectNode reading(Reading r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sensor", r.sensor().value());
        n.put("seq", r.seq());
        n.put("time", isoTime(r.time()));
        n.put("timeResolution", r.time().resolution().label());
        n.put("clock", r.clock().label());
        n.put("quantity", r.quantity());
        n.put("unit", r.unit());
        n.put("value", r.value().text());
        n.put("valueType", r.value() instanceof ReadingValue.Decimal ? "decimal" : "float64");
        return n;
    }

    static ObjectNode block(MicroBlockHeader h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gateway", h.gatewayId());
        n.put("suite", h.suite().label());
        n.put("height", h.height());
        n.put("prevHash", HEX.formatHex(h.prevHash()));
        n.put("merkleRoot", HEX.formatHex(h.merkleRoot()));
        n.put("entryCount", h.entryCount());
        n.put("firstTimeMicros", h.firstTimeMicros());
        n.put("lastTimeMicros", h.lastTimeMicros());
        n.put("hash", HEX.formatHex(h.hash()));
        return n;
    }

    static ObjectNode treeHead(TreeHead t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gateway", t.gatewayId());
        n.put("suite", t.suite().label());
        n.put("treeSize", t.treeSize());
        n.put("rootHash", HEX.formatHex(t.rootHash()));
        n.put("time", isoTime(Timestamp.ofMillis(t.timestampMillis())));
        n.put("clock", t.clock().label());
        return n;
    }

    static ObjectNode receipt(AnchorReceipt r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("node", r.nodeId());
        n.put("suite", r.suite().label());
        n.put("gateway", r.gatewayId());
        n.put("treeSize", r.treeSize());
        n.put("rootHash", HEX.formatHex(r.rootHash()));
        n.put("ledgerSeq", r.ledgerSeq());
        n.put("recordedAt", isoTime(Timestamp.ofMillis(r.recordedAtMillis())));
        return n;
    }

    /** ISO 8601 UTC with exactly the digits of the stamp's resolution, e.g. 2026-11-21T08:00:00.120Z for ms. */
    static String isoTime(Timestamp t) {
        Instant i = t.toInstant();
        int digits = t.resolution().exponent();
        StringBuilder s = new StringBuilder(SECONDS.format(i));
        if (digits > 0) {
            String nanos = String.format("%09d", i.getNano());
            s.append('.').append(nanos, 0, digits);
        }
        return s.append('Z').toString();
    }

    /** JSON equality, with integers compared by value (Jackson parses 19 as int, writes long 19). */
    private static boolean sameValue(JsonNode given, JsonNode derived) {
        if (derived.isIntegralNumber()) {
            return given.isIntegralNumber() && given.bigIntegerValue().equals(derived.bigIntegerValue());
        }
        return given.equals(derived);
    }

    /** The first field where {@code given} differs from {@code derived}, as "field: bundle says X, bytes say Y"; null when equal. */
    static String firstDifference(JsonNode given, ObjectNode derived) {
        if (given == null || !given.isObject()) {
            return "is not an object";
        }
        Iterator<Map.Entry<String, JsonNode>> it = derived.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode g = given.get(f.getKey());
            if (g == null) {
                return f.getKey() + ": missing";
            }
            if (!sameValue(g, f.getValue())) {
                return f.getKey() + ": bundle says " + g + ", the signed bytes say " + f.getValue();
            }
        }
        Iterator<String> names = given.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!derived.has(name)) {
                return name + ": not a field of this view";
            }
        }
        return null;
    }
}
