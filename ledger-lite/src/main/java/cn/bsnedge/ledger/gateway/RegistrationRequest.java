package cn.bsnedge.ledger.gateway;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.codec.Utf8Text;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.SensorCode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a gateway asks the city to trust (FORMAT.md §10): its identification code and public
 * key, where it is installed and who installed it, when it asked, and the hash of the MQTT
 * client key it will connect with. The encoding is fixed (one encoding per value); the
 * gateway signs it with the key it registers, which proves it holds that key.
 *
 * @param gatewayId     identification code, FORMAT.md §2.2
 * @param key           the gateway's block-signing key; its suite is the request's suite
 * @param site          where the gateway is installed, as people write it; 1–200 UTF-8 bytes, NFC
 * @param engineer      who installed it (name or staff id); 1–64 UTF-8 bytes, NFC
 * @param requestedAt   when the gateway made the request, whole milliseconds
 * @param clock         whether the gateway's clock was synchronised then (first boots often are not)
 * @param mqttKeySha256 SHA-256 of the DER SubjectPublicKeyInfo of the MQTT client key in the
 *                      gateway's certificate signing request, 32 bytes
 */
public record RegistrationRequest(String gatewayId, PublicKey key, String site, String engineer, Instant requestedAt,
                                  ClockQuality clock, byte[] mqttKeySha256) {

    /** Format version byte. */
    public static final int VERSION = 1;
    public static final int SITE_MAX_BYTES = 200;
    public static final int ENGINEER_MAX_BYTES = 64;
    /** The domain-separation string of this signature (FORMAT.md §3.2's rule: context ‖ 0x00 ‖ payload). */
    public static final String SIGNING_CONTEXT = "bsn-edge/v1/gateway-registration";
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final DateTimeFormatter SHOW_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public RegistrationRequest {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(clock, "clock");
        String problem = SensorCode.problem(gatewayId);
        if (problem != null) {
            throw new IllegalArgumentException("gateway id '" + gatewayId + "' " + problem);
        }
        problem = Utf8Text.problem(site, 1, SITE_MAX_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException("site " + problem);
        }
        problem = Utf8Text.problem(engineer, 1, ENGINEER_MAX_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException("engineer " + problem);
        }
        if (requestedAt.isBefore(Instant.EPOCH) || requestedAt.isAfter(LATEST)) {
            throw new IllegalArgumentException("requestedAt " + requestedAt + " is outside 1970..9999");
        }
        if (requestedAt.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("requestedAt " + requestedAt + " has sub-millisecond digits; truncate it to ms");
        }
        if (mqttKeySha256 == null || mqttKeySha256.length != 32) {
            throw new IllegalArgumentException("mqttKeySha256 must be 32 bytes (SHA-256), got "
                    + (mqttKeySha256 == null ? "none" : mqttKeySha256.length + " bytes"));
        }
        mqttKeySha256 = mqttKeySha256.clone();
    }

    public CryptoSuite suite() {
        return key.suite();
    }

    @Override
    public byte[] mqttKeySha256() {
        return mqttKeySha256.clone();
    }

    /** FORMAT.md §10.1. */
    public byte[] encode() {
        byte[] pub = key.encoded();
        return new ByteWriter(160 + pub.length)
                .u8(VERSION)
                .u8(key.suite().id())
                .ascii8(gatewayId)
                .u16(pub.length).bytes(pub)
                .utf8_16(site)
                .utf8_16(engineer)
                .i64(requestedAt.toEpochMilli())
                .u8(clock.code())
                .bytes(mqttKeySha256)
                .toByteArray();
    }

    public static RegistrationRequest decode(byte[] bytes) throws FormatException {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new FormatException("version", 0, "registration request version " + version + " is not " + VERSION);
        }
        int suiteId = r.u8("suite");
        CryptoSuite suite;
        try {
            suite = CryptoSuite.fromId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new FormatException("suite", 1, e.getMessage());
        }
        String gateway = r.ascii8("gateway", 1, SensorCode.MAX_LENGTH);
        int keyAt = r.position();
        int keyLength = r.u16("publicKey.length");
        if (keyLength != suite.publicKeyLength()) {
            throw new FormatException("publicKey.length", keyAt, "publicKey length " + keyLength + " is not "
                    + suite.publicKeyLength() + " for " + suite.label());
        }
        PublicKey key;
        try {
            key = PublicKey.create(suite, r.bytes("publicKey", keyLength));
        } catch (GeneralSecurityException e) {
            throw new FormatException("publicKey", keyAt + 2, e.getMessage());
        }
        String site = r.utf8_16("site", 1, SITE_MAX_BYTES);
        String engineer = r.utf8_16("engineer", 1, ENGINEER_MAX_BYTES);
        long millis = r.i64("requestedAt");
        int clockAt = r.position();
        int clockCode = r.u8("clock");
        byte[] mqtt = r.bytes("mqttKeySha256", 32);
        r.expectEnd("registration request");
        try {
            return new RegistrationRequest(gateway, key, site, engineer, Instant.ofEpochMilli(millis),
                    ClockQuality.fromCode(clockCode), mqtt);
        } catch (IllegalArgumentException e) {
            // Length and text rules were checked while reading; what is left is the gateway code,
            // the time range and the clock byte.
            throw new FormatException("registration request", clockAt, e.getMessage());
        }
    }

    /** {@code SIGNING_CONTEXT ‖ 0x00 ‖ encode()}: what the gateway signs. */
    public byte[] signingMessage() {
        byte[] context = SIGNING_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = encode();
        byte[] m = new byte[context.length + 1 + payload.length];
        System.arraycopy(context, 0, m, 0, context.length);
        System.arraycopy(payload, 0, m, context.length + 1, payload.length);
        return m;
    }

    /** A request time as the JSON view shows it: ISO 8601 UTC with exactly three fraction digits. */
    public static String showTime(Instant t) {
        return SHOW_TIME.format(t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistrationRequest r && gatewayId.equals(r.gatewayId) && key.equals(r.key)
                && site.equals(r.site) && engineer.equals(r.engineer) && requestedAt.equals(r.requestedAt)
                && clock == r.clock && Arrays.equals(mqttKeySha256, r.mqttKeySha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gatewayId, key, site, engineer, requestedAt, clock, Arrays.hashCode(mqttKeySha256));
    }

    @Override
    public String toString() {
        return "RegistrationRequest{" + gatewayId + ", " + key + ", site " + site + ", engineer " + engineer + ", "
                + requestedAt + " (" + clock.label() + "), mqtt key " + HexFormat.of().formatHex(mqttKeySha256).substring(0, 16) + "…}";
    }
}
