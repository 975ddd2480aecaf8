package cn.bsnedge.ledger;

import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Fixed, deterministic test material shared by the entry, block, bundle and vector tests.
 * Nothing here is random: the same keys, readings and blocks come out on every run, which is
 * what lets {@code docs/vectors/} be compared byte for byte.
 */
public final class Fixtures {

    public static final HexFormat HEX = HexFormat.of();
    public static final String GATEWAY = "88.1001.31/GW-0007";
    /** RFC 8032 §7.1 TEST 1 secret key. */
    public static final String ED25519_RFC8032_TEST1_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    public static final long VECTOR_HEIGHT = 7;

    private Fixtures() {
    }

    /** Concatenates hex fragments (whitespace ignored), so byte arrays can be written one commented field per line. */
    public static byte[] hex(String... parts) {
        return HEX.parseHex(String.join("", parts).replaceAll("\\s", ""));
    }

    public static byte[] sha256(String ascii) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ascii.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** 88.1001.31/WTR-0001234 seq 7, 2025-11-21T08:00:00.120Z (ms, synced), temperature 21.40 Cel. */
    public static Reading decimalReading() {
        return new Reading(SensorCode.of("88.1001.31/WTR-0001234"), 7, new Timestamp(1763712000120L, TimeResolution.MILLISECONDS),
                ClockQuality.SYNCED, "temperature", "Cel", new ReadingValue.Decimal(2140, 2));
    }

    /** 88.1001.31/PM-0000007 seq 5, 2025-11-21T08:00:00Z (s, unsynced), pm2_5 12.5 ug/m3 as float64. */
    public static Reading floatReading() {
        return new Reading(SensorCode.of("88.1001.31/PM-0000007"), 5, new Timestamp(1763712000L, TimeResolution.SECONDS),
                ClockQuality.UNSYNCED, "pm2_5", "ug/m3", new ReadingValue.Float64(12.5));
    }

    /** A water-meter reading with microsecond resolution and a negative-free large decimal. */
    public static Reading meterReading() {
        return new Reading(SensorCode.of("88.1001.31/WTR-0001234"), 8, new Timestamp(1763712000250001L, TimeResolution.MICROSECONDS),
                ClockQuality.SYNCED, "water.volume", "m3", new ReadingValue.Decimal(12345678, 3));
    }

    /** The three readings of the vector block, in leaf order. */
    public static List<Reading> threeReadings() {
        return List.of(decimalReading(), floatReading(), meterReading());
    }

    /**
     * Fixed keys: Ed25519 uses the RFC 8032 TEST 1 secret; SM2 and P-256 use SHA-256 of
     * "bsn-edge test key sm2" / "bsn-edge test key p256" as the scalar (both lie in range).
     */
    public static PrivateKey fixedKey(CryptoSuite suite) {
        byte[] secret = switch (suite) {
            case ED25519_SHA256 -> HEX.parseHex(ED25519_RFC8032_TEST1_SECRET);
            case SM2_SM3 -> sha256("bsn-edge test key sm2");
            case P256_SHA256 -> sha256("bsn-edge test key p256");
        };
        try {
            return PrivateKey.fromEncoded(suite, secret);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(suite.label() + " fixed key rejected", e);
        }
    }

    /** A second fixed key of the same suite, for "wrong key" tests. */
    public static PrivateKey otherKey(CryptoSuite suite) {
        try {
            return PrivateKey.fromEncoded(suite, sha256("bsn-edge other key " + suite.label()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The previous-block hash the vector block names: suite hash of ASCII "bsn-edge vectors: block 6". */
    public static ChainHead vectorHead(CryptoSuite suite) {
        byte[] prev = suite.hash().hash("bsn-edge vectors: block 6".getBytes(StandardCharsets.US_ASCII));
        return new ChainHead(VECTOR_HEIGHT, prev);
    }

    /** The 3-entry block at height 7 sealed with {@link #fixedKey}: deterministic for every suite. */
    public static MicroBlock vectorBlock(CryptoSuite suite) {
        try {
            return new BlockSealer(fixedKey(suite).signer(), GATEWAY).seal(vectorHead(suite), threeReadings());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) 0xff;
        return copy;
    }
}
