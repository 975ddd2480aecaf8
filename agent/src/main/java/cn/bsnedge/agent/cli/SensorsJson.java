package cn.bsnedge.agent.cli;

import cn.bsnedge.ledger.registry.SensorState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * {@code bsn-edge sensors list --json} and {@code sensors show}: registry records as JSON, with
 * databind (a short-lived CLI process). A class of its own because picocli instantiates every
 * subcommand at start, {@code run} included: were this code in {@link SensorsCommand}, verifying
 * those classes would load databind's node classes into the agent.
 */
final class SensorsJson {

    private SensorsJson() {
    }

    /** Every sensor, as a pretty-printed array. */
    static String list(List<SensorState> all) {
        ArrayNode arr = new ObjectMapper().createArrayNode();
        all.forEach(s -> arr.add(toJson(s)));
        return arr.toPrettyString();
    }

    /** One sensor, pretty-printed. */
    static String one(SensorState s) {
        return toJson(s).toPrettyString();
    }

    private static ObjectNode toJson(SensorState s) {
        var r = s.registration();
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("code", r.sensor().value());
        n.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        n.put("driver", r.driver());
        n.put("wiring", r.bus());
        n.put("intervalMillis", r.intervalMillis());
        r.location().ifPresent(l -> {
            n.put("latitude", l.latitude().text());
            n.put("longitude", l.longitude().text());
        });
        n.put("locationDescription", r.locationDescription());
        n.put("engineer", r.engineer());
        n.put("registeredAtSeq", r.seq());
        n.put("registeredAt", r.time().toInstant().toString());
        ObjectNode c = n.putObject("calibration");
        c.put("offset", s.calibration().offset().text());
        c.put("scale", s.calibration().scale().text());
        c.put("by", s.calibration().calibratedBy());
        c.put("at", s.calibration().calibratedAt() < 0 ? "" : Instant.ofEpochMilli(s.calibration().calibratedAt()).toString());
        c.put("sinceSeq", s.calibrationSeq());
        s.retirement().ifPresent(t -> {
            n.put("retiredAtSeq", t.seq());
            n.put("retiredAt", t.time().toInstant().toString());
            n.put("retirementReason", t.reason());
        });
        return n;
    }
}
