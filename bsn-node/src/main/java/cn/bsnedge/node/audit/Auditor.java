package cn.bsnedge.node.audit;

import cn.bsnedge.ledger.anchor.CompactRange;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.node.ledger.LedgerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The city's audit of one gateway (docs/NODE.md "Audit"): over its archived blocks and the node's
 * ledger records, reports gaps in height, forks, anchored tree heads that the archived blocks do not
 * reproduce, blocks older than a threshold still unanchored, blocks (and so readings) failing
 * verification, and the ledger's alarms. Pure: the inputs are loaded by the caller.
 */
public final class Auditor {

    /** What the audit of one gateway saw, and what it found wrong. */
    public record Report(String gatewayId, long heights, long contiguous, long readings, long anchoredSize,
                         long checkedAnchors, List<Finding> findings) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private Auditor() {
    }

    /**
     * @param anchored       the gateway's accepted tree heads from the ledger, in ledger order
     * @param alarms         the gateway's alarm records
     * @param unanchoredAfter blocks whose last reading is older than {@code now} minus this and that no
     *                       anchored tree head covers are findings
     */
    public static Report audit(ArchivedChain chain, List<LedgerRecord.Anchored> anchored, List<LedgerRecord.Alarm> alarms,
                               Instant now, Duration unanchoredAfter) {
        String gw = chain.gatewayId();
        List<Finding> findings = new ArrayList<>();
        chain.undecodable().forEach(u -> findings.add(new Finding(gw, Finding.Kind.UNREADABLE, u)));
        long readings = 0;
        long top = chain.isEmpty() ? -1 : chain.byHeight().lastKey();
        long gapStart = -1;
        long contiguous = -1;
        for (long h = 0; h <= top; h++) {
            List<ArchivedChain.Checked> at = chain.byHeight().get(h);
            if (at == null) {
                if (gapStart < 0) {
                    gapStart = h;
                }
                continue;
            }
            if (gapStart >= 0) {
                findings.add(new Finding(gw, Finding.Kind.GAP, gapText(gapStart, h)));
                gapStart = -1;
            }
            long valid = at.stream().filter(ArchivedChain.Checked::valid).count();
            for (ArchivedChain.Checked c : at) {
                if (!c.valid()) {
                    findings.add(new Finding(gw, Finding.Kind.INVALID, "block " + h + " (" + c.block().entryCount()
                            + " entries) fails verification: " + c.problem()));
                } else if (valid == 1) {
                    readings += c.entries().stream().filter(e -> e instanceof Reading).count();
                }
            }
            if (valid > 1) {
                findings.add(new Finding(gw, Finding.Kind.FORK, valid + " different signed blocks at height " + h + ": "
                        + at.stream().filter(ArchivedChain.Checked::valid).map(c -> HEX.formatHex(c.block().hash()).substring(0, 16)).toList()));
            }
            MicroBlock here = chain.single(h);
            MicroBlock before = h == 0 ? null : chain.single(h - 1);
            if (here != null && before != null && !Arrays.equals(here.header().prevHash(), before.hash())) {
                findings.add(new Finding(gw, Finding.Kind.FORK, "block " + h + " names previous hash "
                        + HEX.formatHex(here.header().prevHash()) + " but block " + (h - 1) + " is " + HEX.formatHex(before.hash())));
            }
            if (contiguous == h - 1 && here != null && (before != null || h == 0)
                    && (h == 0 || Arrays.equals(here.header().prevHash(), before.hash()))) {
                contiguous = h;
            }
        }
        long contiguousCount = contiguous + 1;

        // Anchors: replay the block-hash log over the unbroken prefix and compare each recorded root.
        long checked = 0;
        long anchoredSize = 0;
        List<LedgerRecord.Anchored> bySize = new ArrayList<>(anchored);
        bySize.sort((x, y) -> Long.compare(x.head().treeSize(), y.head().treeSize()));
        if (!bySize.isEmpty()) {
            MerkleHasher hasher = new MerkleHasher(bySize.getFirst().head().suite().hash());
            CompactRange range = CompactRange.empty(hasher);
            for (LedgerRecord.Anchored a : bySize) {
                long n = a.head().treeSize();
                anchoredSize = Math.max(anchoredSize, n);
                if (n > contiguousCount) {
                    continue; // not checkable yet: the gap findings say why
                }
                while (range.size() < n) {
                    range = range.append(hasher.leafHash(chain.single(range.size()).hash()), (l, i, x) -> { });
                }
                checked++;
                if (!Arrays.equals(range.root(), a.head().rootHash())) {
                    findings.add(new Finding(gw, Finding.Kind.ANCHOR_MISMATCH, "ledger #" + a.seq() + " anchors tree size " + n
                            + " with root " + HEX.formatHex(a.head().rootHash()) + " but the archived blocks 0.." + (n - 1)
                            + " give " + HEX.formatHex(range.root())));
                }
            }
        }

        // Blocks no anchored tree head covers, sealed long enough ago that one should.
        long cutoffMicros = now.minus(unanchoredAfter).toEpochMilli() * 1000;
        long firstLate = -1;
        long lastLate = -1;
        for (Map.Entry<Long, List<ArchivedChain.Checked>> e : chain.byHeight().tailMap(anchoredSize, true).entrySet()) {
            for (ArchivedChain.Checked c : e.getValue()) {
                if (c.valid() && c.block().header().lastTimeMicros() < cutoffMicros) {
                    if (firstLate < 0) {
                        firstLate = e.getKey();
                    }
                    lastLate = e.getKey();
                }
            }
        }
        if (firstLate >= 0) {
            findings.add(new Finding(gw, Finding.Kind.UNANCHORED, "blocks " + firstLate + ".." + lastLate + " were sealed more than "
                    + unanchoredAfter + " ago and no anchored tree head covers them (anchored up to size " + anchoredSize + ")"));
        }
        for (LedgerRecord.Alarm a : alarms) {
            findings.add(new Finding(gw, Finding.Kind.ALARM, "ledger #" + a.seq() + " " + a.kind().label() + " at " + a.at() + ": " + a.detail()));
        }
        return new Report(gw, top + 1, contiguousCount, readings, anchoredSize, checked, findings);
    }

    private static String gapText(long from, long to) {
        return to - from == 1 ? "height " + from + " missing" : "heights " + from + ".." + (to - 1) + " missing (" + (to - from) + " blocks)";
    }

    /** The readings of the valid blocks, for export. */
    static List<Reading> readings(List<Entry> entries) {
        return entries.stream().filter(e -> e instanceof Reading).map(e -> (Reading) e).toList();
    }
}
