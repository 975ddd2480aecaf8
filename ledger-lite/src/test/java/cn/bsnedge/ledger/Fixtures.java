package cn.bsnedge.ledger;

import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Location;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
    /** The city node of the protocol vectors. */
    public static final String NODE = "88.1001/BSN-NODE-01";
    /** RFC 8032 §7.1 TEST 2 secret key: the ed25519 node key, so node and gateway keys differ. */
    public static final String ED25519_RFC8032_TEST2_SECRET = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

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

    /** The sensor whose whole life (register, read, recalibrate, read, retire) the registry vectors show. */
    public static final SensorCode TMP42 = SensorCode.of("88.1001.31/TMP-0000042");
    public static final String LAB = "上海市计量测试技术研究院";
    public static final String ENGINEER = "李伟 (E-1042)";

    private static Timestamp ms(long epochMillis) {
        return Timestamp.ofMillis(epochMillis);
    }

    /**
     * TMP-0000042 registered at seq 1, 2025-11-21T08:00:00Z: a BME280 on I2C bus 1 at 0x76,
     * every 10 s, at 31.2304 N 121.4737 E, "泵房3号 北墙" (pump house 3, north wall),
     * calibrated offset -0.30 scale 1.000 by the Shanghai metrology institute on 2025-11-20.
     */
    public static SensorRegistration registration() {
        return new SensorRegistration(TMP42, 1, ms(1763712000000L), ClockQuality.SYNCED, "bme280", "i2c:1:0x76", 10_000,
                Optional.of(new Location(new ReadingValue.Decimal(312304, 4), new ReadingValue.Decimal(1214737, 4))),
                "泵房3号 北墙",
                new Calibration(new ReadingValue.Decimal(-30, 2), new ReadingValue.Decimal(1000, 3), LAB, 1763596800000L),
                ENGINEER);
    }

    /** Recalibration at seq 4, 2025-11-22T08:00:00Z: offset -0.25, scale 0.998, calibrated 07:00Z the same day. */
    public static SensorCalibration recalibration() {
        return new SensorCalibration(TMP42, 4, ms(1763798400000L), ClockQuality.SYNCED,
                new Calibration(new ReadingValue.Decimal(-25, 2), new ReadingValue.Decimal(998, 3), LAB, 1763794800000L),
                ENGINEER, "annual check: drift +0.05 Cel");
    }

    /** Retirement at seq 6, 2025-11-23T08:00:00Z (clock unsynced: it was done after a power cut). */
    public static SensorRetirement retirement() {
        return new SensorRetirement(TMP42, 6, ms(1763884800000L), ClockQuality.UNSYNCED, "王芳 (E-0977)",
                "water damage; replaced by 88.1001.31/TMP-0000043");
    }

    /** A temperature reading of TMP-0000042 at {@code seq}, {@code epochMillis}. */
    public static Reading tmp42Reading(long seq, long epochMillis, String celsius) {
        return new Reading(TMP42, seq, ms(epochMillis), ClockQuality.SYNCED, "temperature", "Cel",
                ReadingValue.Decimal.parse(celsius));
    }

    /** TMP-0000042's whole life in seq order: registration 1, readings 2 and 3, recalibration 4, reading 5, retirement 6. */
    public static List<Entry> registryLife() {
        return List.of(registration(),
                tmp42Reading(2, 1763712010000L, "18.20"),
                tmp42Reading(3, 1763712020000L, "18.25"),
                recalibration(),
                tmp42Reading(5, 1763798410000L, "17.90"),
                retirement());
    }

    /** The block at height 8, on top of {@link #vectorBlock}, holding {@link #registryLife()}. */
    public static MicroBlock registryBlock(CryptoSuite suite) {
        try {
            return new BlockSealer(fixedKey(suite).signer(), GATEWAY)
                    .seal(new ChainHead(VECTOR_HEIGHT + 1, vectorBlock(suite).hash()), registryLife());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The replacement the retirement names, registered in the clock-step block. */
    public static final SensorCode TMP43 = SensorCode.of("88.1001.31/TMP-0000043");
    public static final SensorCode GATEWAY_CODE = SensorCode.of(GATEWAY);

    /**
     * TMP-0000043 registered at seq 1 by 王芳 after the power cut, with the gateway's clock still
     * stale and unsynced (2025-11-23T08:05:00Z by that clock), where TMP-0000042 was, as delivered.
     */
    public static SensorRegistration replacementRegistration() {
        return new SensorRegistration(TMP43, 1, ms(1763885100000L), ClockQuality.UNSYNCED, "bme280", "i2c:1:0x76", 10_000,
                Optional.of(new Location(new ReadingValue.Decimal(312304, 4), new ReadingValue.Decimal(1214737, 4))),
                "泵房3号 北墙", Calibration.IDENTITY, "王芳 (E-0977)");
    }

    /**
     * The gateway's first clock step: NTP's first answer after the power cut moved the clock
     * forwards by 2 h 12 min 28.480 s, from the stale 2025-11-23T08:05:20.000Z to
     * 10:17:48.480Z, synced from then on.
     */
    public static ClockStep forwardStep() {
        return new ClockStep(GATEWAY_CODE, 1, ms(1763893068480L), ClockQuality.SYNCED, ms(1763885120000L));
    }

    /** The second: the clock stepped back 30 s, from 10:17:58.480Z to 10:17:28.480Z, still synced. */
    public static ClockStep backwardStep() {
        return new ClockStep(GATEWAY_CODE, 2, ms(1763893048480L), ClockQuality.SYNCED, ms(1763893078480L));
    }

    /**
     * TMP-0000043's first readings around both steps, in chain order: registration 1, reading 2
     * (stale clock), forward step, reading 3 (stamped at the step's "after"), backward step,
     * reading 4 (earlier than reading 3 by wall time, later by seq).
     */
    public static List<Entry> clockStepLife() {
        return List.of(replacementRegistration(),
                new Reading(TMP43, 2, ms(1763885110000L), ClockQuality.UNSYNCED, "temperature", "Cel", ReadingValue.Decimal.parse("18.40")),
                forwardStep(),
                new Reading(TMP43, 3, ms(1763893068480L), ClockQuality.SYNCED, "temperature", "Cel", ReadingValue.Decimal.parse("18.45")),
                backwardStep(),
                new Reading(TMP43, 4, ms(1763893048480L), ClockQuality.SYNCED, "temperature", "Cel", ReadingValue.Decimal.parse("18.50")));
    }

    /** The block at height 9, on top of {@link #registryBlock}, holding {@link #clockStepLife()}. */
    public static MicroBlock clockStepBlock(CryptoSuite suite) {
        try {
            return new BlockSealer(fixedKey(suite).signer(), GATEWAY)
                    .seal(new ChainHead(VECTOR_HEIGHT + 2, registryBlock(suite).hash()), clockStepLife());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
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

    /**
     * The city node's fixed key: Ed25519 uses the RFC 8032 TEST 2 secret; SM2 and P-256 use
     * SHA-256 of "bsn-edge test node key sm2" / "bsn-edge test node key p256" as the scalar.
     */
    public static PrivateKey nodeKey(CryptoSuite suite) {
        byte[] secret = switch (suite) {
            case ED25519_SHA256 -> HEX.parseHex(ED25519_RFC8032_TEST2_SECRET);
            case SM2_SM3 -> sha256("bsn-edge test node key sm2");
            case P256_SHA256 -> sha256("bsn-edge test node key p256");
        };
        try {
            return PrivateKey.fromEncoded(suite, secret);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(suite.label() + " node key rejected", e);
        }
    }

    /**
     * The block hash of height {@code h} in the vectors' chain: heights 7 and 8 are the real
     * {@link #vectorBlock} and {@link #registryBlock}; every other height is a stand-in, the suite
     * hash of ASCII "bsn-edge vectors: block h" (which is what block 7 names as its previous hash).
     */
    public static byte[] vectorBlockHash(CryptoSuite suite, long h) {
        if (h == VECTOR_HEIGHT) {
            return vectorBlock(suite).hash();
        }
        if (h == VECTOR_HEIGHT + 1) {
            return registryBlock(suite).hash();
        }
        return suite.hash().hash(("bsn-edge vectors: block " + h).getBytes(StandardCharsets.US_ASCII));
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
