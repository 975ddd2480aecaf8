package cn.bsnedge.ledger.gateway;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed registration requests of {@code docs/vectors/registration-<suite>.json} (FORMAT.md
 * §10.4): the vector gateway and keys of {@link Fixtures}, a site and engineer in Chinese to
 * exercise UTF-8, and a stand-in MQTT key hash. Written by FormatVectorsGenerator with the rest.
 */
public final class RegistrationVectors {

    public static final String SITE = "上海市浦东新区 3 号泵站, 北墙";
    public static final Instant REQUESTED_AT = Instant.parse("2025-11-21T08:00:00.120Z");
    /** Stands in for SHA-256 of a real SubjectPublicKeyInfo: SHA-256(ASCII "bsn-edge test mqtt key"). */
    public static final byte[] MQTT_KEY_SHA256 = Fixtures.sha256("bsn-edge test mqtt key");

    private RegistrationVectors() {
    }

    public static RegistrationRequest request(CryptoSuite suite) {
        return new RegistrationRequest(Fixtures.GATEWAY, Fixtures.fixedKey(suite).publicKey(), SITE, Fixtures.ENGINEER,
                REQUESTED_AT, ClockQuality.UNSYNCED, MQTT_KEY_SHA256);
    }

    public static SignedRegistration signed(CryptoSuite suite) {
        try {
            return SignedRegistration.sign(request(suite), Fixtures.fixedKey(suite).signer());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** File name → content, one signed registration per suite. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (CryptoSuite suite : CryptoSuite.values()) {
            files.put("registration-" + suite.label() + ".json", signed(suite).toJson());
        }
        return files;
    }
}
