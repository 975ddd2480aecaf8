package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorException;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The gateway's side of anchoring (PROTOCOL.md §3.7), without threads or network: when to make
 * an anchor, what to publish and when to publish it again, and what to do with each receipt or
 * rejection. {@link AnchorService} drives it from a thread and an {@code MqttLink}; tests drive it
 * with a fake clock. Every method is synchronized: the service thread polls it while the link's
 * event thread hands it responses.
 *
 * <p>Invariants: at most one anchor is outstanding, stored in the {@link Outbox} before it is
 * first published, until a verified receipt covering it is synced to the {@link ReceiptLog}. A
 * tree head's root at a size is a function of the chain (the {@link ChainHashLog} is rebuilt
 * from it), and before anything is signed the log is checked against the latest receipt, so
 * the gateway never signs two roots for one size. docs/ANCHOR.md has the whole design.
 */
public final class Anchorer implements AutoCloseable {

    /** What to publish on the anchor topic. */
    public record Outgoing(Anchor anchor, byte[] payload, byte[] correlationData, boolean recovery) {
        public long size() {
            return anchor.head().treeSize();
        }
    }

    /** What a response on the receipt topic came to, for logs and tests. */
    public enum Outcome { STORED, ALREADY_HELD, DROPPED, RECOVERING, REANCHOR, RETRY_LATER, HALTED }

    private static final int RECENT_HEADS = 16;

    private final GatewayIdentity id;
    private final BlockStore chain;
    private final ChainHashLog hashes;
    private final ReceiptLog receipts;
    private final Outbox outbox;
    private final Alarms alarms;
    private final NodeKeys nodeKeys;
    private final AnchorPolicy policy;
    private final InstantSource wall;
    private final Supplier<ClockQuality> clockQuality;
    private final Consumer<String> log;
    private final Map<Long, Signed<TreeHead>> recentHeads = new LinkedHashMap<>();

    private Optional<Anchor> pending;
    /** Publish the outstanding anchor at the next poll at or after {@link #retryAt}. */
    private boolean sendPending = true;
    private long ackedAt;
    private boolean acked;
    private long retryAt;
    private int retries;
    private Optional<Anchor> recovery = Optional.empty();
    private boolean recoverySent;
    private long recoveryAt;
    private boolean madeOne;
    private long lastMade;
    private String lastRejection = "";
    private volatile long anchoredSize;

    private Anchorer(GatewayIdentity id, BlockStore chain, ChainHashLog hashes, ReceiptLog receipts, Outbox outbox, Alarms alarms,
                     NodeKeys nodeKeys, AnchorPolicy policy, InstantSource wall, Supplier<ClockQuality> clockQuality,
                     Consumer<String> log) {
        this.id = id;
        this.chain = chain;
        this.hashes = hashes;
        this.receipts = receipts;
        this.outbox = outbox;
        this.alarms = alarms;
        this.nodeKeys = nodeKeys;
        this.policy = policy;
        this.wall = wall;
        this.clockQuality = clockQuality;
        this.log = log;
        this.pending = outbox.pending();
        this.anchoredSize = receipts.latest().map(ReceiptLog.Stored::size).orElse(0L);
    }

    /**
     * Opens {@code dir} (DATA/anchor), repairing what a crash left (docs/ANCHOR.md), and checks
     * the chain against the latest receipt and the outstanding anchor.
     */
    public static Anchorer open(Path dir, GatewayIdentity id, BlockStore chain, NodeKeys nodeKeys, AnchorPolicy policy,
                                InstantSource wall, Supplier<ClockQuality> clockQuality, Consumer<String> log)
            throws IOException, StoreException {
        Files.createDirectories(dir);
        MerkleHasher hasher = new MerkleHasher(id.key().suite().hash());
        ChainHashLog hashes = ChainHashLog.open(dir, hasher, chain);
        ReceiptLog receipts = null;
        Outbox outbox = null;
        try {
            receipts = ReceiptLog.open(dir, wall.millis());
            outbox = Outbox.open(dir);
            Alarms alarms = Alarms.open(dir, log);
            hashes.notes().forEach(n -> log.accept("anchor: " + n));
            receipts.notes().forEach(n -> log.accept("anchor: " + n));
            outbox.notes().forEach(n -> log.accept("anchor: " + n));
            Anchorer a = new Anchorer(id, chain, hashes, receipts, outbox, alarms, nodeKeys, policy, wall, clockQuality, log);
            a.reconcile();
            return a;
        } catch (IOException | StoreException | RuntimeException e) {
            if (outbox != null) {
                outbox.close();
            }
            if (receipts != null) {
                receipts.close();
            }
            hashes.close();
            throw e;
        }
    }

    /** The chain must still hold what the node receipted, and the outstanding anchor must be one of its heads. */
    private void reconcile() throws IOException, StoreException {
        Optional<ReceiptLog.Stored> latest = receipts.latest();
        if (latest.isPresent() && !holds(latest.get().head().statement())) {
            hashes.rebuild("its root at the receipted size " + latest.get().size() + " is not the receipt's");
            hashes.catchUp(chain, chain.size());
            if (!holds(latest.get().head().statement())) {
                alarms.halt("the chain (" + chain.size() + " blocks) does not hold the history node "
                        + latest.get().receipt().statement().nodeId() + " receipted at tree size " + latest.get().size()
                        + ": committed blocks were lost or replaced", latest.get().receipt().toString());
            }
        }
        if (pending.isPresent()) {
            Anchor p = pending.get();
            if (p.head().treeSize() <= anchoredSize) {
                outbox.clearPending();
                pending = Optional.empty();
            } else if (!holds(p.head())) {
                alarms.halt("the outstanding anchor for tree size " + p.head().treeSize()
                        + " is not a head of the chain as it is now (" + chain.size() + " blocks)", p.toString());
            } else if (p.prevSize() != anchoredSize) {
                replacePending(); // made before the latest receipt arrived: prove from that one instead
            }
        }
    }

    /** True if the chain's log has {@code head}'s root at its size. */
    private boolean holds(TreeHead head) {
        return head.treeSize() <= hashes.size() && Arrays.equals(hashes.log().root(head.treeSize()), head.rootHash());
    }

    /**
     * Appends the chain's new blocks to the block-hash log; {@code hints} may supply a height's
     * block hash (as handed over at commit) so the store is read only for what was missed.
     */
    public synchronized void catchUp(LongFunction<byte[]> hints) throws StoreException {
        try {
            hashes.catchUp(chain, chain.size(), hints);
        } catch (FileNodeStore.DamagedException e) {
            repairLog(e);
        }
    }

    private void repairLog(FileNodeStore.DamagedException e) throws StoreException {
        try {
            hashes.rebuild(e.getMessage());
            hashes.catchUp(chain, chain.size());
            hashes.drainNotes(n -> log.accept("anchor: " + n));
        } catch (IOException io) {
            throw new StoreException("rebuilding the block-hash log: " + io.getMessage(), io);
        }
    }

    /**
     * The anchor to publish now, if any: the outstanding one when it was never sent this run,
     * after a lost session, or when its receipt is overdue; a request for a lost receipt; or a new
     * anchor when the policy says one is due and none is outstanding.
     */
    public synchronized Optional<Outgoing> poll(long now) throws IOException, GeneralSecurityException {
        if (alarms.halted().isPresent()) {
            return Optional.empty();
        }
        if (recovery.isPresent() && (!recoverySent || now - recoveryAt >= policy.receiptTimeout().toNanos())) {
            recoverySent = true;
            recoveryAt = now;
            return Optional.of(outgoing(recovery.get(), true));
        }
        if (pending.isPresent()) {
            boolean overdue = acked && now - ackedAt >= policy.receiptTimeout().toNanos();
            if ((sendPending || overdue) && now - retryAt >= 0) {
                sendPending = false;
                acked = false;
                return Optional.of(outgoing(pending.get(), false));
            }
            return Optional.empty();
        }
        long unanchored = hashes.size() - anchoredSize;
        if (!policy.due(unanchored, madeOne ? now - lastMade : -1)) {
            return Optional.empty();
        }
        Anchor a = Anchor.create(hashes.log(), anchoredSize, id.key().signer(), id.gatewayId(), wall.millis(), clockQuality.get());
        outbox.setPending(a); // durable before anyone can see it
        remember(a.treeHead());
        pending = Optional.of(a);
        madeOne = true;
        lastMade = now;
        sendPending = false;
        acked = false;
        retries = 0;
        return Optional.of(outgoing(a, false));
    }

    private static Outgoing outgoing(Anchor a, boolean recovery) {
        return new Outgoing(a, Messages.encodeAnchor(a), Messages.correlationData(a.head()), recovery);
    }

    /** The broker acknowledged {@code sent}: the receipt timeout runs from now. */
    public synchronized void acknowledged(Outgoing sent, long now) {
        if (!sent.recovery() && pending.isPresent() && pending.get().equals(sent.anchor())) {
            acked = true;
            ackedAt = now;
        }
    }

    /** The broker lost our session: what it held for us is gone, so the outstanding anchor goes out again. */
    public synchronized void sessionLost() {
        sendPending = true;
        recoverySent = false;
    }

    /** Handles one payload from the receipt topic (PROTOCOL.md §3.7, §6). */
    public synchronized Outcome onResponse(byte[] payload, long now) throws IOException, StoreException, GeneralSecurityException {
        AnchorResponse r;
        try {
            r = Messages.decodeResponse(payload);
        } catch (MessageException e) {
            log.accept("anchor: dropped an unreadable payload on the receipt topic (" + e.kind() + "): " + e.getMessage());
            return Outcome.DROPPED;
        }
        if (!r.gatewayId().equals(id.gatewayId())) {
            log.accept("anchor: dropped a response about gateway " + r.gatewayId() + " on our receipt topic");
            return Outcome.DROPPED;
        }
        catchUp(h -> null);
        return switch (r) {
            case AnchorResponse.Receipt x -> receipt(x.receipt());
            case AnchorResponse.Rejection x -> rejection(x.rejection(), now);
        };
    }

    private Outcome receipt(Signed<AnchorReceipt> signed) throws IOException, GeneralSecurityException {
        AnchorReceipt r = signed.statement();
        long size = r.treeSize();
        if (size > hashes.size() || !Arrays.equals(hashes.log().root(size), r.rootHash())) {
            log.accept("anchor: dropped a receipt for tree size " + size + " that is not a head of this chain ("
                    + hashes.size() + " blocks): " + r);
            return Outcome.DROPPED;
        }
        Signed<TreeHead> head = headAt(size);
        try {
            AnchorVerifier.verifyReceipt(signed, nodeKeys.keysFor(r.nodeId(), r.suite()), head.statement());
        } catch (AnchorException e) {
            alarms.note("a receipt on our topic does not verify under the trusted keys of node " + r.nodeId()
                    + " (" + e.getMessage() + "); dropped, the anchor stays outstanding");
            return Outcome.DROPPED;
        }
        if (size <= anchoredSize) {
            return Outcome.ALREADY_HELD;
        }
        receipts.append(head, signed);
        anchoredSize = size;
        lastRejection = "";
        retries = 0;
        retryAt = 0;
        if (recovery.isPresent() && recovery.get().head().treeSize() <= size) {
            recovery = Optional.empty();
        }
        if (pending.isPresent()) {
            if (pending.get().head().treeSize() <= size) {
                outbox.clearPending();
                pending = Optional.empty();
            } else {
                replacePending();
            }
        }
        return Outcome.STORED;
    }

    /** The outstanding anchor, remade to prove from the latest receipt and to cover every block sealed since. */
    private void replacePending() throws IOException {
        try {
            Anchor a = Anchor.create(hashes.log(), anchoredSize, id.key().signer(), id.gatewayId(), wall.millis(), clockQuality.get());
            outbox.setPending(a);
            remember(a.treeHead());
            pending = Optional.of(a);
            sendPending = true;
            acked = false;
        } catch (GeneralSecurityException e) {
            throw new IOException("signing a tree head: " + e.getMessage(), e);
        }
    }

    /** A signed head of this chain at {@code size}: the one sent, if remembered; else signed now (same size, same root). */
    private Signed<TreeHead> headAt(long size) throws GeneralSecurityException {
        Signed<TreeHead> h = recentHeads.get(size);
        if (h != null) {
            return h;
        }
        if (pending.isPresent() && pending.get().head().treeSize() == size) {
            return pending.get().treeHead();
        }
        Signed<TreeHead> made = Anchor.createAt(hashes.log(), size, 0, id.key().signer(), id.gatewayId(), wall.millis(),
                clockQuality.get()).treeHead();
        remember(made);
        return made;
    }

    private void remember(Signed<TreeHead> head) {
        recentHeads.put(head.statement().treeSize(), head);
        while (recentHeads.size() > RECENT_HEADS) {
            recentHeads.remove(recentHeads.keySet().iterator().next());
        }
    }

    private Outcome rejection(Signed<AnchorRejection> signed, long now) throws IOException, GeneralSecurityException {
        AnchorRejection j = signed.statement();
        try {
            AnchorVerifier.verifyRejection(signed, nodeKeys.keysFor(j.nodeId(), j.suite()), id.gatewayId());
        } catch (AnchorException e) {
            alarms.note("a rejection on our topic does not verify under the trusted keys of node " + j.nodeId()
                    + " (" + e.getMessage() + "); dropped");
            return Outcome.DROPPED;
        }
        long refused = j.treeSize();
        boolean ours = refused == 0 || pending.map(p -> p.head().treeSize() == refused).orElse(false)
                || recovery.map(p -> p.head().treeSize() == refused).orElse(false);
        if (!ours) {
            log.accept("anchor: ignored a late rejection of tree size " + refused + " (" + j.reason().label() + ")");
            return Outcome.DROPPED;
        }
        lastRejection = j.reason().label() + ": " + j.detail();
        log.accept("anchor: node " + j.nodeId() + " rejected tree size " + refused + ": " + lastRejection);
        String evidence = "rejection " + HexFormat.of().formatHex(Messages.encodeRejection(signed));
        switch (j.reason()) {
            case BASE_MISMATCH, STALE -> {
                return rebase(j, evidence, now);
            }
            case UNKNOWN_GATEWAY, UNAVAILABLE -> {
                retryLater(now);
                return Outcome.RETRY_LATER;
            }
            default -> {
                if (j.reason().alarm()) {
                    alarms.halt("node " + j.nodeId() + " rejected tree size " + refused + " as " + j.reason().label()
                            + ": " + j.detail(), evidence);
                    return Outcome.HALTED;
                }
                alarms.note("node " + j.nodeId() + " cannot read our anchor (" + j.reason().label() + ": " + j.detail()
                        + "); retrying with backoff");
                retryLater(now);
                return Outcome.RETRY_LATER;
            }
        }
    }

    private void retryLater(long now) {
        retryAt = now + policy.retryNanos(retries++);
        sendPending = true;
        acked = false;
    }

    /** The node holds another latest record than the one the anchor proves from (PROTOCOL.md §3.7). */
    private Outcome rebase(AnchorRejection j, String evidence, long now) throws IOException, GeneralSecurityException {
        long s = j.recordedSize();
        if (s == 0) {
            if (anchoredSize == 0) {
                retryLater(now);
                return Outcome.RETRY_LATER;
            }
            alarms.halt("node " + j.nodeId() + " has no record of this gateway, but the gateway holds a receipt for tree size "
                    + anchoredSize + ": the node lost its records (PROTOCOL.md §8: an operator decides)", evidence);
            return Outcome.HALTED;
        }
        if (s > hashes.size() || !Arrays.equals(hashes.log().root(s), j.recordedRoot())) {
            alarms.halt("node " + j.nodeId() + " recorded tree size " + s + " with root " + HexFormat.of().formatHex(j.recordedRoot())
                    + ", which is not this chain's (" + hashes.size() + " blocks): the node's record and the chain disagree"
                    + " (a store restored from an old backup? a replaced gateway?)", evidence);
            return Outcome.HALTED;
        }
        if (s < anchoredSize) {
            alarms.halt("node " + j.nodeId() + " says its latest record is tree size " + s + ", below the receipt for "
                    + anchoredSize + " the gateway holds", evidence);
            return Outcome.HALTED;
        }
        if (s == anchoredSize) {
            replacePending();
            return Outcome.REANCHOR;
        }
        // The node holds a receipt we lost: ask for it with a head of exactly that size (a duplicate to the node).
        Anchor ask = Anchor.createAt(hashes.log(), s, 0, id.key().signer(), id.gatewayId(), wall.millis(), clockQuality.get());
        remember(ask.treeHead());
        recovery = Optional.of(ask);
        recoverySent = false;
        return Outcome.RECOVERING;
    }

    /** When {@link #poll} may next have something to publish (by time alone), or {@code now + max} if never. */
    public synchronized long nextDeadline(long now, long max) {
        long next = now + max;
        if (alarms.halted().isPresent()) {
            return next;
        }
        if (recovery.isPresent() && recoverySent) {
            next = earlier(next, recoveryAt + policy.receiptTimeout().toNanos());
        }
        if (pending.isPresent()) {
            if (sendPending) {
                next = earlier(next, retryAt);
            } else if (acked) {
                next = earlier(next, Math.max(ackedAt + policy.receiptTimeout().toNanos(), retryAt));
            }
        } else if (hashes.size() > anchoredSize) {
            next = earlier(next, madeOne ? lastMade + policy.everyNanos() : now);
        }
        return next;
    }

    private static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    /** Tree size of the latest verified receipt held; 0 if none. Safe from any thread. */
    public long anchoredSize() {
        return anchoredSize;
    }

    /** Sealed blocks not yet covered by a receipt. */
    public synchronized long backlog() {
        return Math.max(0, chain.size() - anchoredSize);
    }

    public synchronized long logSize() {
        return hashes.size();
    }

    public synchronized Optional<Anchor> pending() {
        return pending;
    }

    public synchronized Optional<ReceiptLog.Stored> latestReceipt() {
        return receipts.latest();
    }

    public synchronized String lastRejection() {
        return lastRejection;
    }

    public synchronized Optional<String> halted() {
        return alarms.halted();
    }

    public synchronized java.util.List<String> alarms() {
        return alarms.recent();
    }

    /** A noted alarm from elsewhere (bad payloads on our topics). */
    public synchronized void alarm(String what) {
        alarms.note(what);
    }

    /** The outbox, whose telemetry mark {@link Telemetry} keeps. */
    Outbox outbox() {
        return outbox;
    }

    /** Syncs the block-hash log (at shutdown; it is rebuilt from the chain anyway if lost). */
    public synchronized void force() throws IOException {
        hashes.force();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            hashes.close();
        } finally {
            try {
                receipts.close();
            } finally {
                outbox.close();
            }
        }
    }
}
