package cn.bsnedge.ledger.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The node's decision on anchors: accept growth, recognise duplicates, refuse everything else by name. */
class AnchorCheckTest {

    static final long T0 = 1763712000000L;
    static final String GW = Fixtures.GATEWAY;

    /** A gateway: its key and its block-hash log over stand-in block hashes (one per height). */
    static final class Gateway {
        final CryptoSuite suite;
        final PrivateKey key;
        final BlockHashLog log;
        final Map<Long, byte[]> rewritten = new HashMap<>();

        Gateway(CryptoSuite suite) {
            this.suite = suite;
            this.key = Fixtures.fixedKey(suite);
            this.log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
        }

        /** A copy of this gateway's first {@code size} blocks with block {@code height} replaced. */
        Gateway rewrite(long height, long size) {
            Gateway g = new Gateway(suite);
            g.rewritten.put(height, suite.hash().hash(new byte[] {'x'}));
            g.growTo(size);
            return g;
        }

        Gateway growTo(long size) {
            while (log.size() < size) {
                long h = log.size();
                log.append(rewritten.getOrDefault(h, BlockHashLogTest.blockHash(suite, h)));
            }
            return this;
        }

        Anchor anchor(long prevSize) throws Exception {
            return Anchor.create(log, prevSize, key.signer(), GW, T0 + 1000 * log.size(), ClockQuality.SYNCED);
        }

        List<PublicKey> keys() {
            return List.of(key.publicKey());
        }
    }

    static String outcome(AnchorDecision d) {
        return switch (d) {
            case AnchorDecision.Accepted a -> "accepted";
            case AnchorDecision.Duplicate dup -> "duplicate";
            case AnchorDecision.Rejected r -> r.reason().label();
        };
    }

    static String check(Anchor a, List<PublicKey> keys, AnchorCheck.Recorded recorded) {
        return outcome(AnchorCheck.check(a, GW, keys, recorded));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void firstAnchor_isAccepted_andNamesTheKeyThatSignedIt(CryptoSuite suite) throws Exception {
        Gateway g = new Gateway(suite).growTo(5);
        AnchorDecision d = AnchorCheck.check(g.anchor(0), GW, g.keys(), AnchorCheck.Recorded.nothing());
        assertEquals(g.key.publicKey(), assertInstanceOf(AnchorDecision.Accepted.class, d).signedBy());
    }

    @Test
    void firstAnchor_claimingAPreviousSize_isABaseMismatch() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(9);
        assertEquals("base-mismatch", check(g.anchor(5), g.keys(), AnchorCheck.Recorded.nothing()));
    }

    /** A node following a gateway through 150 anchors of random growth accepts every one of them. */
    @ParameterizedTest
    @EnumSource(value = CryptoSuite.class, names = {"ED25519_SHA256", "SM2_SM3"})
    void successiveAnchors_overManySizes_areAllAccepted(CryptoSuite suite) throws Exception {
        Gateway g = new Gateway(suite);
        Random random = new Random(9);
        Optional<TreeHead> recorded = Optional.empty();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            g.growTo(g.log.size() + 1 + random.nextInt(i < 100 ? 3 : 200));
            Anchor a = g.anchor(recorded.map(TreeHead::treeSize).orElse(0L));
            Optional<TreeHead> last = recorded;
            String got = check(a, g.keys(), () -> last);
            if (!got.equals("accepted")) {
                wrong.add("anchor " + i + " (" + a.prevSize() + " -> " + a.head().treeSize() + "): " + got);
            }
            recorded = Optional.of(a.head());
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void sameTreeAgain_evenSignedAtAnotherTime_isADuplicateOfTheRecord() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(10);
        Anchor first = g.anchor(0);
        Anchor later = Anchor.create(g.log, 0, g.key.signer(), GW, T0 + 99_000, ClockQuality.UNSYNCED);
        AnchorCheck.Recorded recorded = AnchorCheck.Recorded.latest(first.head());
        assertEquals(first.head(), assertInstanceOf(AnchorDecision.Duplicate.class,
                AnchorCheck.check(first, GW, g.keys(), recorded)).recorded());
        assertEquals("duplicate", check(later, g.keys(), recorded));
    }

    @Test
    void olderTree_isStale_unlessTheNodeRecordedExactlyIt() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(5);
        Anchor five = g.anchor(0);
        g.growTo(10);
        Anchor ten = g.anchor(5);
        assertEquals("stale", check(five, g.keys(), AnchorCheck.Recorded.latest(ten.head())));
        AnchorCheck.Recorded both = new AnchorCheck.Recorded() {
            @Override
            public Optional<TreeHead> latest() {
                return Optional.of(ten.head());
            }

            @Override
            public Optional<TreeHead> at(long treeSize) {
                return treeSize == 5 ? Optional.of(five.head()) : Optional.empty();
            }
        };
        assertEquals("duplicate", check(five, g.keys(), both), "a late redelivery gets its receipt again");
        Gateway forked = g.rewrite(2, 5);
        assertEquals("fork", check(forked.anchor(0), g.keys(), both), "another root for a recorded size");
    }

    /** Rewriting any one recorded block is caught, whether the gateway re-anchors at the same size or grows past it. */
    @ParameterizedTest
    @EnumSource(value = CryptoSuite.class, names = {"ED25519_SHA256", "SM2_SM3"})
    void rewriteOfAnyRecordedBlock_isAForkOrInconsistent(CryptoSuite suite) throws Exception {
        Gateway honest = new Gateway(suite).growTo(13);
        AnchorCheck.Recorded recorded = AnchorCheck.Recorded.latest(honest.anchor(0).head());
        List<String> wrong = new ArrayList<>();
        for (long h = 0; h < 13; h++) {
            Gateway liar = honest.rewrite(h, 13);
            String same = check(liar.anchor(0), liar.keys(), recorded);
            liar.growTo(21);
            String grown = check(liar.anchor(13), liar.keys(), recorded);
            if (!same.equals("fork") || !grown.equals("inconsistent")) {
                wrong.add("block " + h + " rewritten: same size " + same + ", grown " + grown);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(RejectionReason.FORK.alarm() && RejectionReason.INCONSISTENT.alarm());
    }

    @Test
    void proofFromAnotherSizeThanTheRecord_isABaseMismatch() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(10);
        AnchorCheck.Recorded recorded = AnchorCheck.Recorded.latest(g.anchor(0).head());
        g.growTo(15);
        assertEquals("base-mismatch", check(g.anchor(5), g.keys(), recorded));
        assertEquals("base-mismatch", check(g.anchor(0), g.keys(), recorded));
        assertEquals("accepted", check(g.anchor(10), g.keys(), recorded));
    }

    /**
     * PROTOCOL.md §3.7: the node recorded 10 but its receipt was lost, so the gateway anchors 15
     * from its last receipt, 5. The rejection names the record; the gateway signs a head of exactly
     * 10 (a duplicate: the node resends that receipt) and then anchors 15 from 10.
     */
    @Test
    void lostReceipt_baseMismatchThenHeadAtTheRecordedSize_recoversIt() throws Exception {
        Gateway g = new Gateway(CryptoSuite.SM2_SM3).growTo(10);
        TreeHead recordedTen = g.anchor(5).head();
        AnchorCheck.Recorded node = AnchorCheck.Recorded.latest(recordedTen);
        g.growTo(15);
        AnchorDecision first = AnchorCheck.check(g.anchor(5), GW, g.keys(), node);
        assertEquals(RejectionReason.BASE_MISMATCH, assertInstanceOf(AnchorDecision.Rejected.class, first).reason());
        Anchor atTen = Anchor.createAt(g.log, 10, 5, g.key.signer(), GW, T0 + 123_000, ClockQuality.UNSYNCED);
        assertEquals(recordedTen, assertInstanceOf(AnchorDecision.Duplicate.class, AnchorCheck.check(atTen, GW, g.keys(), node)).recorded());
        assertEquals("accepted", check(g.anchor(10), g.keys(), node));
    }

    @Test
    void tamperedConsistencyProof_isInconsistent() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(6);
        AnchorCheck.Recorded recorded = AnchorCheck.Recorded.latest(g.anchor(0).head());
        g.growTo(8);
        Anchor good = g.anchor(6);
        List<byte[]> path = good.consistencyPath();
        assertEquals(3, path.size());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            for (int bit = 0; bit < 256; bit += 37) {
                List<byte[]> p = new ArrayList<>(path);
                byte[] h = p.get(i).clone();
                h[bit / 8] ^= (byte) (1 << (bit % 8));
                p.set(i, h);
                expect(wrong, "proof[" + i + "] bit " + bit, new Anchor(good.treeHead(), 6, p), g, recorded, "inconsistent");
            }
        }
        expect(wrong, "truncated", new Anchor(good.treeHead(), 6, path.subList(0, 2)), g, recorded, "inconsistent");
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(new byte[32]);
        expect(wrong, "trailing hash", new Anchor(good.treeHead(), 6, longer), g, recorded, "inconsistent");
        expect(wrong, "empty", new Anchor(good.treeHead(), 6, List.of()), g, recorded, "inconsistent");
        assertEquals(List.of(), wrong);
    }

    private static void expect(List<String> wrong, String what, Anchor a, Gateway g, AnchorCheck.Recorded r, String want) {
        String got = check(a, g.keys(), r);
        if (!got.equals(want)) {
            wrong.add(what + ": got " + got + ", want " + want);
        }
    }

    @Test
    void forgedOrMisdirectedTreeHeads_areRefusedByName() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(5);
        Anchor good = g.anchor(0);
        AnchorCheck.Recorded none = AnchorCheck.Recorded.nothing();
        TreeHead head = good.head();
        Anchor otherKey = new Anchor(Signed.sign(head, Fixtures.otherKey(CryptoSuite.ED25519_SHA256).signer()), 0, List.of());
        byte[] sig = good.treeHead().signature();
        sig[63] ^= 1;
        Anchor flipped = new Anchor(new Signed<>(head, sig), 0, List.of());
        // The same bytes signed as a block header: domain separation must make it useless here.
        byte[] asHeader = g.key.signer().sign(SigningContext.MICRO_BLOCK_HEADER.message(head.encode()));
        Anchor wrongContext = new Anchor(new Signed<>(head, asHeader), 0, List.of());

        assertEquals("signature", check(otherKey, g.keys(), none));
        assertEquals("signature", check(flipped, g.keys(), none));
        assertEquals("signature", check(wrongContext, g.keys(), none));
        assertEquals("signature", check(good, List.of(Fixtures.fixedKey(CryptoSuite.SM2_SM3).publicKey()), none), "only a key of another suite");
        assertEquals("unknown-gateway", check(good, List.of(), none));
        assertEquals("gateway-mismatch", outcome(AnchorCheck.check(good, "88.1001.31/GW-0008", g.keys(), none)));
        assertEquals("accepted", check(good, List.of(Fixtures.otherKey(CryptoSuite.ED25519_SHA256).publicKey(), g.key.publicKey()), none),
                "any registered key may have signed (key rotation)");
    }

    @Test
    void verifyExtends_failures_nameWhatWasFoundAndWhatWasWanted() throws Exception {
        Gateway g = new Gateway(CryptoSuite.ED25519_SHA256).growTo(6);
        TreeHead six = g.anchor(0).head();
        Gateway liar = g.rewrite(1, 8);
        AnchorException e = assertThrows(AnchorException.class, () -> AnchorVerifier.verifyExtends(six, liar.anchor(6)));
        assertEquals(AnchorException.Kind.INCONSISTENT, e.kind());
        assertTrue(e.got().isPresent() && e.want().isPresent(), e.getMessage());
        assertTrue(e.getMessage().contains("want " + e.want().get()), e.getMessage());

        g.growTo(8);
        e = assertThrows(AnchorException.class, () -> AnchorVerifier.verifyExtends(g.anchor(6).head(), anchorAt(g, 6)));
        assertEquals(AnchorException.Kind.STALE, e.kind());
        assertEquals(Optional.of("6"), e.got());
        e = assertThrows(AnchorException.class, () -> AnchorVerifier.verifyExtends(six, g.anchor(3)));
        assertEquals(AnchorException.Kind.BASE_MISMATCH, e.kind());
        assertEquals(Optional.of("3"), e.got());
    }

    private static Anchor anchorAt(Gateway g, int size) throws Exception {
        Gateway copy = new Gateway(g.suite).growTo(size);
        return copy.anchor(0);
    }
}
