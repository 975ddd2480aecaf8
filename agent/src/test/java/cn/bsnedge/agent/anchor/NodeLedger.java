package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorCheck;
import cn.bsnedge.ledger.anchor.AnchorDecision;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A city node's decisions in memory, built from ledger-lite ({@link AnchorCheck}) as PROTOCOL.md
 * §3.6 says: what the reference node does, without its storage or network. Tests talk to it
 * directly (unit tests) or through {@link FakeCityNode} over a real broker. It keeps everything
 * it saw, for the after-every-case checks: every tree head any anchor carried, by size.
 */
final class NodeLedger {

    static final String NODE_ID = "88.1001/BSN-NODE-01";

    private final PrivateKey key;
    private final Map<String, List<PublicKey>> gateways = new HashMap<>();
    private final Map<String, TreeMap<Long, TreeHead>> records = new HashMap<>();
    private final Map<String, Map<Long, Signed<AnchorReceipt>>> receipts = new HashMap<>();
    /** Every root any anchor signed by the gateway carried, per size: two for one size would be a fork. */
    private final Map<Long, java.util.Set<String>> rootsSeen = new TreeMap<>();
    private final List<TreeHead> accepted = new ArrayList<>();
    private final List<RejectionReason> rejections = new ArrayList<>();
    private long nextSeq;
    private int anchorsSeen;
    private volatile boolean unavailable;

    NodeLedger() {
        this(PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom()));
    }

    NodeLedger(PrivateKey key) {
        this.key = key;
    }

    synchronized void register(String gatewayId, PublicKey gatewayKey) {
        gateways.computeIfAbsent(gatewayId, g -> new ArrayList<>()).add(gatewayKey);
    }

    TrustedNodeKey trustFile() {
        return new TrustedNodeKey(NODE_ID, key.publicKey());
    }

    PrivateKey key() {
        return key;
    }

    /** Answers "unavailable" to every anchor while set (the node's chain is down). */
    void unavailable(boolean down) {
        unavailable = down;
    }

    /** The response payload for an anchor {@code payload} published on {@code gatewayId}'s anchor topic. */
    synchronized byte[] answer(String gatewayId, byte[] payload, long nowMillis) {
        anchorsSeen++;
        Anchor anchor;
        try {
            anchor = Messages.decodeAnchor(payload);
        } catch (MessageException e) {
            return reject(gatewayId, 0, RejectionReason.MALFORMED, nowMillis, e.getMessage());
        }
        TreeHead head = anchor.head();
        rootsSeen.computeIfAbsent(head.treeSize(), s -> new java.util.TreeSet<>()).add(HexFormat.of().formatHex(head.rootHash()));
        if (unavailable) {
            return reject(gatewayId, head.treeSize(), RejectionReason.UNAVAILABLE, nowMillis, "ledger down");
        }
        TreeMap<Long, TreeHead> mine = records.computeIfAbsent(gatewayId, g -> new TreeMap<>());
        AnchorCheck.Recorded recorded = new AnchorCheck.Recorded() {
            @Override
            public Optional<TreeHead> latest() {
                return mine.isEmpty() ? Optional.empty() : Optional.of(mine.lastEntry().getValue());
            }

            @Override
            public Optional<TreeHead> at(long treeSize) {
                return Optional.ofNullable(mine.get(treeSize));
            }
        };
        AnchorDecision d = AnchorCheck.check(anchor, gatewayId, gateways.getOrDefault(gatewayId, List.of()), recorded);
        return switch (d) {
            case AnchorDecision.Accepted a -> {
                mine.put(head.treeSize(), head);
                accepted.add(head);
                Signed<AnchorReceipt> r = sign(AnchorReceipt.of(key.suite(), NODE_ID, head, nextSeq++, nowMillis));
                receipts.computeIfAbsent(gatewayId, g -> new HashMap<>()).put(head.treeSize(), r);
                yield Messages.encodeReceipt(r);
            }
            case AnchorDecision.Duplicate dup -> Messages.encodeReceipt(receipts.get(gatewayId).get(dup.recorded().treeSize()));
            case AnchorDecision.Rejected rej -> reject(gatewayId, head.treeSize(), rej.reason(), nowMillis, rej.detail());
        };
    }

    private byte[] reject(String gatewayId, long size, RejectionReason reason, long nowMillis, String detail) {
        rejections.add(reason);
        TreeMap<Long, TreeHead> mine = records.getOrDefault(gatewayId, new TreeMap<>());
        return Messages.encodeRejection(sign(AnchorRejection.of(key.suite(), NODE_ID, gatewayId, size, reason,
                mine.isEmpty() ? Optional.empty() : Optional.of(mine.lastEntry().getValue()), nowMillis, detail)));
    }

    private <T extends cn.bsnedge.ledger.anchor.Statement> Signed<T> sign(T statement) {
        try {
            return Signed.sign(statement, key.signer());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response decoded, for assertions. */
    static AnchorResponse decode(byte[] payload) throws MessageException {
        return Messages.decodeResponse(payload);
    }

    synchronized long latestSize(String gatewayId) {
        TreeMap<Long, TreeHead> mine = records.get(gatewayId);
        return mine == null || mine.isEmpty() ? 0 : mine.lastKey();
    }

    synchronized List<TreeHead> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<RejectionReason> rejections() {
        return List.copyOf(rejections);
    }

    synchronized int anchorsSeen() {
        return anchorsSeen;
    }

    /** Sizes for which anchors carried more than one root: must stay empty. */
    synchronized Map<Long, java.util.Set<String>> forks() {
        Map<Long, java.util.Set<String>> f = new TreeMap<>();
        rootsSeen.forEach((size, roots) -> {
            if (roots.size() > 1) {
                f.put(size, roots);
            }
        });
        return f;
    }

    /** Forgets everything (a node that lost its ledger). */
    synchronized void forget(String gatewayId) {
        records.remove(gatewayId);
        receipts.remove(gatewayId);
    }
}
