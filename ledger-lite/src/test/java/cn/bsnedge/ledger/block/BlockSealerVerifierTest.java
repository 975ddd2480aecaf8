package cn.bsnedge.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sealing and the pure block checks, including a byte-by-byte tamper matrix over a sealed block. */
class BlockSealerVerifierTest {

    /** Stand-in "link" for a sealed block that no longer decodes (MicroBlock.decode throws FormatException). */
    private static final String UNDECODABLE = "undecodable";

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void seal_eachSuite_passesAllChecks(CryptoSuite suite) throws GeneralSecurityException {
        MicroBlock b = Fixtures.vectorBlock(suite);
        MicroBlockHeader h = b.header();
        assertEquals(suite, h.suite());
        assertEquals(Fixtures.GATEWAY, h.gatewayId());
        assertEquals(7, h.height());
        assertArrayEquals(Fixtures.vectorHead(suite).headHash(), h.prevHash());
        assertEquals(3, h.entryCount());
        assertEquals(1763712000000000L, h.firstTimeMicros(), "float reading, 1763712000 s");
        assertEquals(1763712000250001L, h.lastTimeMicros(), "meter reading, µs resolution");
        assertEquals(suite.signatureLength(), b.signature().length);

        BlockVerifier.verifyLink(Fixtures.vectorHead(suite), h);
        assertEquals(Fixtures.threeReadings(), BlockVerifier.verifyContents(b));
        BlockVerifier.verifySignature(h, b.signature(), Fixtures.fixedKey(suite).publicKey());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void seal_isDeterministic(CryptoSuite suite) {
        assertArrayEquals(Fixtures.vectorBlock(suite).encode(), Fixtures.vectorBlock(suite).encode());
    }

    @Test
    void seal_emptyBatch_isRefused() {
        BlockSealer sealer = new BlockSealer(Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).signer(), Fixtures.GATEWAY);
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(ChainHead.genesis(32), List.of()));
    }

    @Test
    void seal_twoBlocks_chainThroughChainHeadAfter() throws GeneralSecurityException {
        CryptoSuite suite = CryptoSuite.P256_SHA256;
        BlockSealer sealer = new BlockSealer(Fixtures.fixedKey(suite).signer(), Fixtures.GATEWAY);
        MicroBlock b0 = sealer.seal(ChainHead.genesis(32), List.of(Fixtures.decimalReading()));
        assertArrayEquals(new byte[32], b0.header().prevHash());
        MicroBlock b1 = sealer.seal(ChainHead.after(b0), List.of(Fixtures.floatReading()));
        BlockVerifier.verifyLink(ChainHead.genesis(32), b0.header());
        BlockVerifier.verifyLink(ChainHead.after(b0), b1.header());
        assertArrayEquals(b0.hash(), b1.header().prevHash());
    }

    @Test
    void verifyLink_heightGapOrWrongPrevHash_failsAtChain() {
        MicroBlock b = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
        ChainHead head = Fixtures.vectorHead(CryptoSuite.ED25519_SHA256);
        VerificationException gap = assertThrows(VerificationException.class,
                () -> BlockVerifier.verifyLink(new ChainHead(6, head.headHash()), b.header()));
        assertEquals(Link.CHAIN, gap.link());
        assertTrue(gap.getMessage().contains("got block height 7, want 6"), gap.getMessage());
        VerificationException prev = assertThrows(VerificationException.class,
                () -> BlockVerifier.verifyLink(new ChainHead(7, Fixtures.flip(head.headHash(), 31)), b.header()));
        assertEquals(Link.CHAIN, prev.link());
        assertTrue(prev.getMessage().contains("previous hash"), prev.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void verifySignature_wrongKeySameSuite_failsAtSignature(CryptoSuite suite) {
        MicroBlock b = Fixtures.vectorBlock(suite);
        VerificationException e = assertThrows(VerificationException.class,
                () -> BlockVerifier.verifySignature(b.header(), b.signature(), Fixtures.otherKey(suite).publicKey()));
        assertEquals(Link.SIGNATURE, e.link(), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void verifySignature_keyOfAnotherSuite_failsAtTrust(CryptoSuite suite) {
        MicroBlock b = Fixtures.vectorBlock(suite);
        for (CryptoSuite other : CryptoSuite.values()) {
            if (other != suite) {
                VerificationException e = assertThrows(VerificationException.class,
                        () -> BlockVerifier.verifySignature(b.header(), b.signature(), Fixtures.fixedKey(other).publicKey()));
                assertEquals(Link.TRUST, e.link(), e.getMessage());
            }
        }
    }

    /** Every check a receiver runs on a sealed block, in order; the label of the first failing link, or null. */
    private static String firstFailure(byte[] sealed, ChainHead head, PublicKey key) {
        MicroBlock block;
        try {
            block = MicroBlock.decode(sealed);
        } catch (FormatException e) {
            return UNDECODABLE;
        }
        try {
            BlockVerifier.verifyLink(head, block.header());
            BlockVerifier.verifyContents(block);
            BlockVerifier.verifySignature(block.header(), block.signature(), key);
            return null;
        } catch (VerificationException e) {
            return e.link().label();
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    /**
     * What flipping sealed-block byte {@code at} may legitimately yield. Header fields that a
     * flip makes undecodable (version, suite, gateway, top height byte, count, times out of
     * order) fail framing; the rest fail at the link that covers them.
     */
    private static Set<String> allowed(MicroBlock b, int at) {
        int hLen = b.header().encode().length;
        int sigAt = 3 + hLen + 2;
        int entriesAt = sigAt + b.signature().length + 4;
        if (at < 3 || at >= 3 + hLen && at < sigAt || at >= sigAt + b.signature().length && at < entriesAt) {
            return Set.of(UNDECODABLE); // framing: version, lengths, count
        }
        if (at < 3 + hLen) {
            int i = at - 3;
            int gw = 3 + b.header().gatewayId().length();
            if (i < gw || i == gw || i >= gw + 8 + 64 && i < gw + 8 + 64 + 4) {
                return Set.of(UNDECODABLE); // version, suite, gateway, top height byte, entry count
            }
            if (i < gw + 8 + 32) {
                return Set.of("chain");     // height, prevHash
            }
            if (i < gw + 8 + 64) {
                return Set.of("inclusion"); // merkleRoot
            }
            return Set.of("header", UNDECODABLE); // first/last time
        }
        if (at < sigAt + b.signature().length) {
            return Set.of("signature");
        }
        int off = entriesAt;
        for (byte[] e : b.entries()) {
            if (at < off + 2) {
                return Set.of(UNDECODABLE); // entry length
            }
            if (at < off + 2 + e.length) {
                return Set.of("entry", "inclusion");
            }
            off += 2 + e.length;
        }
        throw new AssertionError("offset " + at + " beyond block");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamperMatrix_everyFlippedByteOfASealedBlock_failsAtItsLink(CryptoSuite suite) {
        MicroBlock b = Fixtures.vectorBlock(suite);
        ChainHead head = Fixtures.vectorHead(suite);
        PublicKey key = Fixtures.fixedKey(suite).publicKey();
        byte[] sealed = b.encode();
        assertEquals(null, firstFailure(sealed, head, key));
        List<String> unexpected = new ArrayList<>();
        for (int at = 0; at < sealed.length; at++) {
            String got = firstFailure(Fixtures.flip(sealed, at), head, key);
            Set<String> want = allowed(b, at);
            if (got == null || !want.contains(got)) {
                unexpected.add(String.format("byte %d (0x%02x): got %s, want one of %s", at, sealed[at] & 0xff, got, want));
            }
        }
        assertEquals(List.of(), unexpected);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void tamperMatrix_everyDecodableHeaderFlip_breaksTheSignature(CryptoSuite suite) throws FormatException {
        MicroBlock b = Fixtures.vectorBlock(suite);
        byte[] header = b.header().encode();
        PublicKey key = Fixtures.fixedKey(suite).publicKey();
        List<String> unexpected = new ArrayList<>();
        int decodable = 0;
        for (int i = 0; i < header.length; i++) {
            MicroBlockHeader tampered;
            try {
                tampered = MicroBlockHeader.decode(Fixtures.flip(header, i));
            } catch (FormatException e) {
                continue;
            }
            decodable++;
            try {
                BlockVerifier.verifySignature(tampered, b.signature(), key);
                unexpected.add("header byte " + i + ": signature still verifies");
            } catch (VerificationException e) {
                if (e.link() != Link.SIGNATURE) {
                    unexpected.add("header byte " + i + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), unexpected);
        assertTrue(decodable > 64, "only " + decodable + " decodable flips: the matrix would prove little");
    }

    @Test
    void verifyContents_entryWithUnrepresentableTime_failsAtEntryNotArithmetic() throws Exception {
        // Seconds resolution, units = 2^62: a valid encoding whose time has no µs value in an i64.
        Reading r = Fixtures.floatReading();
        byte[] entry = EntryCodec.encode(r);
        entry[32] = 0x40; // i64 time, top byte
        MicroBlock b = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
        MicroBlock tampered = new MicroBlock(b.header(), b.signature(), List.of(b.entry(0), entry, b.entry(2)));
        VerificationException e = assertThrows(VerificationException.class, () -> BlockVerifier.verifyContents(tampered));
        assertTrue(Set.of(Link.ENTRY, Link.INCLUSION).contains(e.link()), e.getMessage());
    }

    @Test
    void clockStepOfAnotherGateway_isNotSealed_andFailsVerificationAtEntry() throws Exception {
        cn.bsnedge.ledger.entry.ClockStep f = Fixtures.forwardStep();
        cn.bsnedge.ledger.entry.ClockStep foreign = new cn.bsnedge.ledger.entry.ClockStep(
                cn.bsnedge.ledger.entry.SensorCode.of("88.1001.31/GW-0008"), 1, f.time(), f.clock(), f.before());
        BlockSealer sealer = new BlockSealer(Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).signer(), Fixtures.GATEWAY);
        var refused = assertThrows(IllegalArgumentException.class, () -> sealer.seal(Fixtures.vectorHead(CryptoSuite.ED25519_SHA256),
                List.of(Fixtures.decimalReading(), foreign)));
        assertTrue(refused.getMessage().contains("88.1001.31/GW-0008"), refused.getMessage());
        // A dishonest or buggy sealer that did it anyway: the verifier refuses the entry.
        BlockSealer other = new BlockSealer(Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).signer(), "88.1001.31/GW-0008");
        MicroBlock b = other.seal(Fixtures.vectorHead(CryptoSuite.ED25519_SHA256), List.of(Fixtures.decimalReading(), foreign));
        MicroBlock relabelled = new BlockSealer(Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).signer(), Fixtures.GATEWAY)
                .seal(Fixtures.vectorHead(CryptoSuite.ED25519_SHA256), List.of(Fixtures.decimalReading(), Fixtures.forwardStep()));
        MicroBlock mixed = new MicroBlock(relabelled.header(), relabelled.signature(), List.of(relabelled.entry(0), b.entry(1)));
        VerificationException e = assertThrows(VerificationException.class, () -> BlockVerifier.verifyContents(mixed));
        assertEquals(Link.ENTRY, e.link(), e.getMessage());
        assertTrue(e.getMessage().contains("clock step names gateway 88.1001.31/GW-0008, want 88.1001.31/GW-0007"), e.getMessage());
    }
}
