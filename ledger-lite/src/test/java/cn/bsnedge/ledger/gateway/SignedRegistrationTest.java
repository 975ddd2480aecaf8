package cn.bsnedge.ledger.gateway;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway registration request (FORMAT.md §10): bytes, signature, JSON, and what a city must refuse. */
class SignedRegistrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encode_ed25519Vector_fieldByField() {
        byte[] expected = Fixtures.hex(
                "01",                                                           // version 1
                "01",                                                           // suite 1: ed25519-sha256
                "12 38382e313030312e33312f47572d30303037",                      // gateway, 18 bytes: "88.1001.31/GW-0007"
                "0020 d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", // publicKey, 32 bytes (RFC 8032 TEST 1)
                "0029 e4b88ae6b5b7e5b882e6b5a6e4b89ce696b0e58cba203320e58fb7e6b3b5e7ab992c20e58c97e5a299", // site, 41 bytes
                "000f e69d8ee4bc9f2028452d3130343229",                          // engineer, 15 bytes: "李伟 (E-1042)"
                "0000019aa56d6078",                                             // requestedAt 1763712000120 ms
                "00",                                                           // clock: unsynced
                HEX.formatHex(RegistrationVectors.MQTT_KEY_SHA256));            // mqttKeySha256
        assertEquals(HEX.formatHex(expected), HEX.formatHex(RegistrationVectors.request(CryptoSuite.ED25519_SHA256).encode()));
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signThenParse_roundTrips_andVerifies(CryptoSuite suite) throws Exception {
        SignedRegistration s = RegistrationVectors.signed(suite);
        SignedRegistration back = SignedRegistration.parse(s.toJson(), "test");
        assertEquals(s, back);
        back.verify();
        assertEquals(RegistrationRequest.decode(s.request().encode()), s.request());
        assertEquals(Fixtures.GATEWAY, back.trustedKey().gatewayId());
        assertEquals(Fixtures.fixedKey(suite).publicKey(), back.trustedKey().key());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void flippedSignatureBit_failsVerify(CryptoSuite suite) throws Exception {
        byte[] sig = RegistrationVectors.signed(suite).signature();
        sig[10] ^= 0x01;
        SignedRegistration bad = new SignedRegistration(RegistrationVectors.request(suite), sig);
        assertThrows(SignatureException.class, bad::verify);
    }

    @Test
    void requestSignedByAnotherKey_failsVerify_andCannotBeMadeBySign() throws Exception {
        PrivateKey other = PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom());
        RegistrationRequest r = RegistrationVectors.request(CryptoSuite.ED25519_SHA256);
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> SignedRegistration.sign(r, other.signer()));
        assertTrue(e.getMessage().contains("is not the key being registered"), e.getMessage());
        SignedRegistration forged = new SignedRegistration(r, other.signer().sign(r.signingMessage()));
        assertThrows(SignatureException.class, forged::verify);
    }

    @Test
    void signatureOverAnotherContext_failsVerify() throws Exception {
        // The same payload signed as if it were a block header: domain separation must refuse it.
        RegistrationRequest r = RegistrationVectors.request(CryptoSuite.ED25519_SHA256);
        byte[] asHeader = cn.bsnedge.ledger.block.SigningContext.MICRO_BLOCK_HEADER.message(r.encode());
        SignedRegistration replayed = new SignedRegistration(r, Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).signer().sign(asHeader));
        assertThrows(SignatureException.class, replayed::verify);
    }

    @Test
    void viewDisagreeingWithSignedBytes_isRefused_namingTheField() {
        RegistrationFormatException e = assertThrows(RegistrationFormatException.class,
                () -> parse(n -> n.put("site", "somewhere else")));
        assertTrue(e.getMessage().contains("site shows 'somewhere else' but the signed request says '" + RegistrationVectors.SITE + "'"),
                e.getMessage());
        e = assertThrows(RegistrationFormatException.class, () -> parse(n -> n.put("fingerprint", "00".repeat(32))));
        assertTrue(e.getMessage().contains("fingerprint shows"), e.getMessage());
    }

    @Test
    void tamperedRequestBytes_parseButFailVerify() throws Exception {
        String json = RegistrationVectors.signed(CryptoSuite.ED25519_SHA256).toJson();
        ObjectNode n = (ObjectNode) JSON.readTree(json);
        // Change the clock byte (second to last field) from unsynced to synced, and the view with it.
        String hex = n.get("request").asText();
        int clockAt = hex.length() - 64 - 2;
        n.put("request", hex.substring(0, clockAt) + "01" + hex.substring(clockAt + 2));
        n.put("clock", "synced");
        SignedRegistration s = SignedRegistration.parse(n.toString(), "test");
        assertEquals(ClockQuality.SYNCED, s.request().clock());
        assertThrows(SignatureException.class, s::verify);
    }

    @Test
    void unknownField_wrongFormat_trailingBytes_areRefused() {
        assertThrows(RegistrationFormatException.class, () -> parse(n -> n.put("approvedBy", "city")));
        assertThrows(RegistrationFormatException.class, () -> parse(n -> n.put("format", "bsn-edge-gateway-registration/2")));
        assertThrows(RegistrationFormatException.class, () -> parse(n -> n.remove("engineer")));
        RegistrationFormatException e = assertThrows(RegistrationFormatException.class,
                () -> parse(n -> n.put("request", n.get("request").asText() + "00")));
        assertTrue(e.getMessage().contains("request:"), e.getMessage());
        assertThrows(RegistrationFormatException.class, () -> parse(n -> n.put("signature", "ABCD")));
    }

    @Test
    void invalidValues_areRefusedWhenBuilt() {
        var key = Fixtures.fixedKey(CryptoSuite.ED25519_SHA256).publicKey();
        byte[] h = RegistrationVectors.MQTT_KEY_SHA256;
        Instant t = RegistrationVectors.REQUESTED_AT;
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest("GW-0007", key, "site", "eng", t, ClockQuality.SYNCED, h));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest(Fixtures.GATEWAY, key, "", "eng", t, ClockQuality.SYNCED, h));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest(Fixtures.GATEWAY, key, "two\nlines", "eng", t, ClockQuality.SYNCED, h));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest(Fixtures.GATEWAY, key, "site", "e".repeat(65), t, ClockQuality.SYNCED, h));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest(Fixtures.GATEWAY, key, "site", "eng", t.plusNanos(1000), ClockQuality.SYNCED, h));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationRequest(Fixtures.GATEWAY, key, "site", "eng", t, ClockQuality.SYNCED, new byte[31]));
    }

    @Test
    void decode_wrongKeyLengthForSuite_isAFormatError() {
        byte[] b = RegistrationVectors.request(CryptoSuite.ED25519_SHA256).encode();
        b[1] = 3; // claims p256-sha256, whose keys are 65 bytes, over a 32-byte key
        FormatException e = assertThrows(FormatException.class, () -> RegistrationRequest.decode(b));
        assertTrue(e.getMessage().contains("publicKey length 32 is not 65"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void committedVector_parsesVerifiesAndIsTheFixture(CryptoSuite suite) throws Exception {
        Path file = vectorsDir().resolve("registration-" + suite.label() + ".json");
        SignedRegistration s = SignedRegistration.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        s.verify();
        assertEquals(RegistrationVectors.request(suite), s.request());
        // Deterministic signatures: the committed bytes are what the code signs today.
        assertArrayEquals(RegistrationVectors.signed(suite).signature(), s.signature());
    }

    @Test
    void formatMdAnnotatedExample_concatenatesToTheVector() throws Exception {
        List<String> lines = Files.readAllLines(vectorsDir().getParent().resolve("FORMAT.md"), StandardCharsets.UTF_8);
        int i = 0;
        while (!lines.get(i).startsWith("The Ed25519 request, field by field")) {
            i++;
        }
        while (!lines.get(i).startsWith("```")) {
            i++;
        }
        StringBuilder hex = new StringBuilder();
        for (i++; !lines.get(i).startsWith("```"); i++) {
            for (String token : lines.get(i).strip().split("\\s{2,}")[0].split(" ")) {
                hex.append(token);
            }
        }
        assertEquals(HEX.formatHex(RegistrationVectors.request(CryptoSuite.ED25519_SHA256).encode()), hex.toString());
    }

    private static SignedRegistration parse(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(RegistrationVectors.signed(CryptoSuite.ED25519_SHA256).toJson());
        edit.accept(n);
        return SignedRegistration.parse(n.toString(), "test");
    }

    private static Path vectorsDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs").resolve("vectors"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no docs/vectors above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("docs").resolve("vectors");
    }
}
