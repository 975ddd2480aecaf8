package cn.bsnedge.node.telemetry;

import cn.bsnedge.ledger.anchor.AnchorException;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.GatewayBirth;
import cn.bsnedge.ledger.protocol.GatewayDeath;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.ResendRequest;
import cn.bsnedge.node.anchoring.AnchorService.GatewayKeys;
import cn.bsnedge.node.ledger.AlarmKind;
import cn.bsnedge.node.ledger.AnchorLedger;
import cn.bsnedge.node.ledger.LedgerException;
import cn.bsnedge.node.ledger.LedgerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the node does with the gateways' block telemetry, births and deaths (PROTOCOL.md §4.3-4.6,
 * §6): verifies and archives blocks, raises alarms for blocks that fail verification or fork, keeps
 * each gateway's presence, and asks a gateway to re-send heights missing from the archive. Not
 * thread-safe (one thread feeds it; status readers may look at any time).
 */
public final class TelemetryService {

    /** Publishes a resend request to the gateway. */
    @FunctionalInterface
    public interface ResendSender {
        void send(ResendRequest request);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryService.class);
    private static final HexFormat HEX = HexFormat.of();

    private final String nodeId;
    private final GatewayKeys keys;
    private final BlockArchive archive;
    private final AnchorLedger ledger;
    private final InstantSource clock;
    private final ResendSender resend;
    private final Duration gapGrace;
    private final Duration resendInterval;
    private final Map<String, HeightTracker> trackers = new TreeMap<>();
    private final Map<String, Presence> presence = new TreeMap<>();
    private final Map<Path, Long> tailed = new HashMap<>();
    private final Map<String, Long> lastResend = new HashMap<>();

    public TelemetryService(String nodeId, GatewayKeys keys, BlockArchive archive, AnchorLedger ledger, InstantSource clock,
                            ResendSender resend, Duration gapGrace, Duration resendInterval) {
        this.nodeId = nodeId;
        this.keys = keys;
        this.archive = archive;
        this.ledger = ledger;
        this.clock = clock;
        this.resend = resend;
        this.gapGrace = gapGrace;
        this.resendInterval = resendInterval;
    }

    /** A blocks payload from {@code gatewayId}'s topic: archived (fsynced) when this returns normally. */
    public synchronized void onBlocks(String gatewayId, byte[] payload) throws IOException {
        BlockBatch batch;
        try {
            batch = Messages.decodeBlocks(payload);
        } catch (MessageException e) {
            LOG.warn("blocks of {} dropped ({}): {}", gatewayId, e.kind(), e.getMessage());
            return;
        }
        if (!batch.gatewayId().equals(gatewayId)) {
            LOG.warn("blocks on the topic of {} name gateway {}; dropped", gatewayId, batch.gatewayId());
            return;
        }
        HeightTracker tracker = trackers.computeIfAbsent(gatewayId, g -> new HeightTracker());
        List<BlockArchive.Status> statuses = new ArrayList<>(batch.blocks().size());
        List<LedgerRecord.Alarm> alarms = new ArrayList<>();
        for (MicroBlock b : batch.blocks()) {
            BlockArchive.Status status = verify(gatewayId, b, alarms);
            statuses.add(status);
            if (status == BlockArchive.Status.VERIFIED) {
                checkLinks(gatewayId, b, tracker, alarms);
            }
        }
        archive.append(gatewayId, batch.blocks(), statuses);
        for (int i = 0; i < batch.blocks().size(); i++) {
            if (statuses.get(i) != BlockArchive.Status.INVALID) {
                tracker.add(batch.blocks().get(i).height(), batch.blocks().get(i).hash());
            }
        }
        recordAlarms(alarms);
    }

    private BlockArchive.Status verify(String gatewayId, MicroBlock b, List<LedgerRecord.Alarm> alarms) {
        List<PublicKey> ks = keys.keys(gatewayId).stream().filter(k -> k.suite() == b.header().suite()).toList();
        if (ks.isEmpty()) {
            return BlockArchive.Status.UNCHECKED;
        }
        VerificationException last = null;
        for (PublicKey k : ks) {
            try {
                BlockVerifier.verifySignature(b.header(), b.signature(), k);
                BlockVerifier.verifyContents(b);
                return BlockArchive.Status.VERIFIED;
            } catch (VerificationException e) {
                last = e;
            }
        }
        alarms.add(alarm(gatewayId, AlarmKind.BLOCK_INVALID, "block " + b.height() + " fails verification at "
                + last.link() + ": " + last.getMessage(), b.encode()));
        return BlockArchive.Status.INVALID;
    }

    private void checkLinks(String gatewayId, MicroBlock b, HeightTracker tracker, List<LedgerRecord.Alarm> alarms) {
        Optional<byte[]> same = tracker.hashAt(b.height());
        if (same.isPresent() && !java.util.Arrays.equals(same.get(), b.hash())) {
            alarms.add(alarm(gatewayId, AlarmKind.BLOCK_FORK, "two signed blocks at height " + b.height() + ": hash "
                    + HEX.formatHex(b.hash()) + " after " + HEX.formatHex(same.get()), b.encode()));
            return;
        }
        Optional<byte[]> prev = b.height() == 0 ? Optional.empty() : tracker.hashAt(b.height() - 1);
        if (prev.isPresent() && !java.util.Arrays.equals(prev.get(), b.header().prevHash())) {
            alarms.add(alarm(gatewayId, AlarmKind.BLOCK_FORK, "block " + b.height() + " names previous hash "
                    + HEX.formatHex(b.header().prevHash()) + " but block " + (b.height() - 1) + " in the archive is "
                    + HEX.formatHex(prev.get()), b.encode()));
        }
    }

    private LedgerRecord.Alarm alarm(String gatewayId, AlarmKind kind, String detail, byte[] evidence) {
        return new LedgerRecord.Alarm(-1, gatewayId, clock.millis(), kind, -1, detail, evidence);
    }

    private void recordAlarms(List<LedgerRecord.Alarm> alarms) {
        for (LedgerRecord.Alarm a : alarms) {
            try {
                boolean recorded = ledger.update(tx -> {
                    if (tx.records(a.gatewayId()).alarms().stream().anyMatch(x -> x.sameEvidence(a.kind(), a.evidence()))) {
                        return false;
                    }
                    tx.append(new LedgerRecord.Alarm(tx.nextSeq(), a.gatewayId(), a.atMillis(), a.kind(), -1, a.detail(), a.evidence()));
                    return true;
                });
                if (recorded) {
                    LOG.error("ALARM {} {}: {}", a.kind().label(), a.gatewayId(), a.detail());
                }
            } catch (LedgerException e) {
                LOG.error("ALARM {} {} (not recorded: {}): {}", a.kind().label(), a.gatewayId(), e.getMessage(), a.detail());
            }
        }
    }

    public synchronized void onBirth(String gatewayId, byte[] payload) {
        Signed<GatewayBirth> birth;
        try {
            birth = Messages.decodeBirth(payload);
            verifyPresence(gatewayId, birth);
        } catch (MessageException | AnchorException e) {
            LOG.warn("birth of {} ignored: {}", gatewayId, e.getMessage());
            return;
        }
        presence.merge(gatewayId, new Presence(gatewayId, Optional.empty(), Optional.empty()).with(birth), (old, n) -> old.with(birth));
        if (birth.statement().blockCount() > 0) {
            trackers.computeIfAbsent(gatewayId, g -> new HeightTracker()).announce(birth.statement().blockCount());
        }
    }

    public synchronized void onDeath(String gatewayId, byte[] payload) {
        Signed<GatewayDeath> death;
        try {
            death = Messages.decodeDeath(payload);
            verifyPresence(gatewayId, death);
        } catch (MessageException | AnchorException e) {
            LOG.warn("death of {} ignored: {}", gatewayId, e.getMessage());
            return;
        }
        GatewayDeath d = death.statement();
        presence.merge(gatewayId, new Presence(gatewayId, Optional.empty(), Optional.of(d)), (old, n) -> old.with(d));
    }

    private void verifyPresence(String gatewayId, Signed<?> s) throws AnchorException {
        String named = s.statement() instanceof GatewayBirth b ? b.gatewayId() : ((GatewayDeath) s.statement()).gatewayId();
        if (!named.equals(gatewayId)) {
            throw new AnchorException(AnchorException.Kind.GATEWAY, "gateway", named, gatewayId + " (the topic's)");
        }
        s.verifyAny(keys.keys(gatewayId));
    }

    /**
     * Reads what other processes archived, then asks each gateway for the first missing range that
     * has been missing longer than the grace period (at most one request per gateway per interval).
     */
    public synchronized void checkGaps() {
        try {
            tail();
        } catch (IOException e) {
            LOG.warn("cannot read the block archive: {}", e.getMessage());
        }
        long now = clock.millis();
        for (Map.Entry<String, HeightTracker> e : trackers.entrySet()) {
            HeightTracker t = e.getValue();
            long since = t.gapSince(now);
            Optional<long[]> gap = t.firstGap();
            if (gap.isEmpty() || now - since < gapGrace.toMillis()) {
                continue;
            }
            Long last = lastResend.get(e.getKey());
            if (last != null && now - last < resendInterval.toMillis()) {
                continue;
            }
            long from = gap.get()[0];
            int count = (int) Math.min(ResendRequest.MAX_COUNT, gap.get()[1] - from);
            lastResend.put(e.getKey(), now);
            LOG.info("asking {} to re-send heights {}..{}", e.getKey(), from, from + count - 1);
            resend.send(new ResendRequest(e.getKey(), nodeId, from, count));
        }
    }

    /** Feeds the trackers with every segment's new frames (this process's and others'). */
    private void tail() throws IOException {
        for (Path seg : archive.segments()) {
            long from = tailed.getOrDefault(seg, 0L);
            long to = new BlockArchive.SegmentReader(seg).readFrom(from, a -> {
                if (a.status() != BlockArchive.Status.INVALID) {
                    trackers.computeIfAbsent(a.block().header().gatewayId(), g -> new HeightTracker())
                            .add(a.block().height(), a.block().hash());
                }
            });
            tailed.put(seg, to);
        }
    }

    /** The gateways' presence as last seen. */
    public synchronized Map<String, Presence> presence() {
        return Map.copyOf(presence);
    }

    /** Archived heights below which nothing is missing, per gateway. */
    public synchronized Map<String, Long> contiguous() {
        Map<String, Long> out = new TreeMap<>();
        trackers.forEach((g, t) -> out.put(g, t.contiguous()));
        return out;
    }
}
