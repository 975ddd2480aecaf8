package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;

/**
 * The registry part of {@code format-v1.json}: one vector per registry entry type, with its
 * decoded fields spelled out for implementers, and the types of the entries in the registry
 * blocks. The JSON shapes here are documentation of the vectors, not a format of their own:
 * only the hex is normative.
 */
final class RegistryVectors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private RegistryVectors() {
    }

    static void entries(ObjectNode entries) {
        for (Entry e : new Entry[] {Fixtures.registration(), Fixtures.recalibration(), Fixtures.retirement()}) {
            ObjectNode n = entries.putObject(EntryCodec.typeName(e.type()));
            n.set("fields", fields(e));
            n.put("hex", HEX.formatHex(EntryCodec.encode(e)));
        }
    }

    /** Adds, next to a registry block's entries, what each entry is. */
    static void annotate(ObjectNode block) {
        annotate(block, Fixtures.registryLife());
    }

    /** Adds, next to a block's entries, what each of {@code life} is. */
    static void annotate(ObjectNode block, java.util.List<Entry> life) {
        ArrayNode kinds = JSON.createArrayNode();
        for (Entry e : life) {
            kinds.add(EntryCodec.typeName(e.type()) + " " + e.sensor() + " seq " + e.seq());
        }
        block.set("entryKinds", kinds);
    }

    static ObjectNode fields(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", EntryCodec.typeName(e.type()));
        n.put("sensor", e.sensor().value());
        n.put("seq", e.seq());
        n.put("time", EvidenceViews.isoTime(e.time()));
        n.put("timeResolution", e.time().resolution().label());
        n.put("clock", e.clock().label());
        switch (e) {
            case SensorRegistration r -> {
                n.put("driver", r.driver());
                n.put("bus", r.bus());
                n.put("intervalMillis", r.intervalMillis());
                r.location().ifPresent(l -> {
                    n.put("latitude", l.latitude().text());
                    n.put("longitude", l.longitude().text());
                });
                n.put("locationDescription", r.locationDescription());
                calibration(n, r.calibration());
                n.put("engineer", r.engineer());
            }
            case SensorCalibration c -> {
                calibration(n, c.calibration());
                n.put("engineer", c.engineer());
                n.put("reason", c.reason());
            }
            case SensorRetirement r -> {
                n.put("engineer", r.engineer());
                n.put("reason", r.reason());
            }
            case ClockStep c -> {
                n.put("before", EvidenceViews.isoTime(c.before()));
                n.put("beforeResolution", c.before().resolution().label());
                n.put("step", c.size().toString());
            }
            case Reading r -> throw new IllegalArgumentException("readings have their own view (EvidenceViews.reading)");
        }
        return n;
    }

    private static void calibration(ObjectNode n, Calibration c) {
        n.put("offset", c.offset().text());
        n.put("scale", c.scale().text());
        n.put("calibratedBy", c.calibratedBy());
        n.put("calibratedAt", c.calibratedAt());
    }
}
