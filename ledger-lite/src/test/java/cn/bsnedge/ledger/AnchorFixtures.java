package cn.bsnedge.ledger;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.GatewayBirth;
import cn.bsnedge.ledger.protocol.GatewayDeath;
import cn.bsnedge.ledger.protocol.ResendRequest;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * The anchoring story the protocol vectors tell, for one suite, fully deterministic: gateway
 * {@link Fixtures#GATEWAY} anchors its first 5 blocks (heights 0-4), node {@link Fixtures#NODE}
 * receipts them as ledger entry 41; later it anchors 9 blocks (up to the real vector blocks 7
 * and 8) with a consistency proof from 5, receipted as entry 57. A resent anchor of 9 blocks
 * from size 0 (as after a lost receipt) is rejected for its base. Block hashes are {@link
 * Fixtures#vectorBlockHash}.
 */
public final class AnchorFixtures {

    public static final String CITY = "shanghai";
    public static final String SHARE_GROUP = "bsn-node";
    public static final long FIRST_SIZE = 5;
    public static final long SECOND_SIZE = 9;
    /** 2025-11-21T09:00:00Z, after block 4. */
    public static final long FIRST_ANCHOR_MILLIS = 1763715600000L;
    /** 2025-11-23T09:00:00Z, after block 8 (its last entry is 08:00Z that day). */
    public static final long SECOND_ANCHOR_MILLIS = 1763888400000L;
    /** 2025-11-23T08:55:00Z: the gateway (re)connected, session 3. */
    public static final long CONNECT_MILLIS = 1763888100000L;
    public static final String AGENT = "bsn-edge/0.1.0";
    public static final String REJECTION_DETAIL = "proof starts at size 0; the node's latest record is size 5";

    private AnchorFixtures() {
    }

    public record Scenario(CryptoSuite suite, BlockHashLog log, Anchor first, Anchor second, Signed<AnchorReceipt> firstReceipt,
                           Signed<AnchorReceipt> secondReceipt, Anchor rebaseNeeded, Signed<AnchorRejection> rejection,
                           Signed<GatewayBirth> birth, Signed<GatewayDeath> death, BlockBatch blocks, ResendRequest resend) {
    }

    public static Scenario scenario(CryptoSuite suite) {
        try {
            PrivateKey gw = Fixtures.fixedKey(suite);
            PrivateKey node = Fixtures.nodeKey(suite);
            BlockHashLog log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
            for (long h = 0; h < FIRST_SIZE; h++) {
                log.append(Fixtures.vectorBlockHash(suite, h));
            }
            Anchor first = Anchor.create(log, 0, gw.signer(), Fixtures.GATEWAY, FIRST_ANCHOR_MILLIS, ClockQuality.SYNCED);
            for (long h = FIRST_SIZE; h < SECOND_SIZE; h++) {
                log.append(Fixtures.vectorBlockHash(suite, h));
            }
            Anchor second = Anchor.create(log, FIRST_SIZE, gw.signer(), Fixtures.GATEWAY, SECOND_ANCHOR_MILLIS, ClockQuality.SYNCED);
            Anchor rebaseNeeded = Anchor.create(log, 0, gw.signer(), Fixtures.GATEWAY, SECOND_ANCHOR_MILLIS, ClockQuality.SYNCED);
            Signed<AnchorReceipt> r1 = Signed.sign(AnchorReceipt.of(suite, Fixtures.NODE, first.head(), 41, FIRST_ANCHOR_MILLIS + 2000),
                    node.signer());
            Signed<AnchorReceipt> r2 = Signed.sign(AnchorReceipt.of(suite, Fixtures.NODE, second.head(), 57, SECOND_ANCHOR_MILLIS + 2000),
                    node.signer());
            Signed<AnchorRejection> rejection = Signed.sign(AnchorRejection.of(suite, Fixtures.NODE, Fixtures.GATEWAY, SECOND_SIZE,
                    RejectionReason.BASE_MISMATCH, Optional.of(first.head()), SECOND_ANCHOR_MILLIS + 1000, REJECTION_DETAIL), node.signer());
            Signed<GatewayBirth> birth = Signed.sign(GatewayBirth.of(gw.publicKey(), Fixtures.GATEWAY, 3,
                    new ChainHead(SECOND_SIZE, Fixtures.vectorBlockHash(suite, SECOND_SIZE - 1)), FIRST_SIZE, CONNECT_MILLIS,
                    ClockQuality.SYNCED, AGENT), gw.signer());
            Signed<GatewayDeath> death = Signed.sign(new GatewayDeath(suite, Fixtures.GATEWAY, 3, CONNECT_MILLIS, ClockQuality.SYNCED),
                    gw.signer());
            BlockBatch blocks = new BlockBatch(Fixtures.GATEWAY, BlockBatch.Cause.LIVE,
                    List.of(Fixtures.vectorBlock(suite), Fixtures.registryBlock(suite)));
            ResendRequest resend = new ResendRequest(Fixtures.GATEWAY, Fixtures.NODE, Fixtures.VECTOR_HEIGHT, 2);
            return new Scenario(suite, log, first, second, r1, r2, rebaseNeeded, rejection, birth, death, blocks, resend);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
