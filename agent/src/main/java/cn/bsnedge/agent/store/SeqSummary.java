package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.Map;
import java.util.TreeMap;

/**
 * For one height: the highest seq of every sensor in blocks 0..height. Stored per block under a
 * monotonically growing key, so a commit rewrites only the right edge of one B-tree (a per-sensor
 * index would rewrite a leaf per sensor per block), and "which block holds (sensor, seq)?" is a
 * binary search over heights, because each sensor's highest seq never decreases with height.
 */
record SeqSummary(Map<String, Long> lastSeq) {

    SeqSummary {
        lastSeq = Map.copyOf(lastSeq);
    }

    static SeqSummary empty() {
        return new SeqSummary(Map.of());
    }

    /** This summary advanced by one block's per-sensor highest seqs. */
    SeqSummary plus(Map<String, Long> blockMax) {
        Map<String, Long> next = new TreeMap<>(lastSeq);
        blockMax.forEach((s, v) -> next.merge(s, v, Math::max));
        return new SeqSummary(next);
    }

    long lastSeq(String sensor) {
        return lastSeq.getOrDefault(sensor, -1L);
    }

    byte[] encode() {
        ByteWriter w = new ByteWriter(lastSeq.size() * 32 + 4).u32(lastSeq.size());
        new TreeMap<>(lastSeq).forEach((s, v) -> w.ascii8(s).i64(v));
        return w.toByteArray();
    }

    static SeqSummary decode(byte[] b) throws FormatException {
        ByteReader in = new ByteReader(b);
        int n = in.u32("summary.count");
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.ascii8("summary.sensor", 1, SensorCode.MAX_LENGTH), in.u63("summary.lastSeq"));
        }
        in.expectEnd("summary");
        return new SeqSummary(m);
    }
}
