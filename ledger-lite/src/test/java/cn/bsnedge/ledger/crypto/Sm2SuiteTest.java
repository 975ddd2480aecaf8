package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sm2-sm3 through the public API: sm2p256v1, default user ID, deterministic k. */
class Sm2SuiteTest {

    private static final HexFormat HEX = HexFormat.of();

    /** GB/T 32918.5-2017 Annex A example key and signature (sm2p256v1, ID "1234567812345678"). */
    private static final String ANNEX_D = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
    private static final String ANNEX_SIGNATURE =
            "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
                    + "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";

    @Test
    void verify_publishedSm2p256v1Example_withDefaultUserId_succeeds() throws GeneralSecurityException {
        PrivateKey key = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, HEX.parseHex(ANNEX_D));
        key.publicKey().verifier().verify(HEX.parseHex(ANNEX_SIGNATURE),
                "message digest".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sign_thenVerify_roundTripsForManyKeysAndMessages() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PrivateKey key = PrivateKey.generate(CryptoSuite.SM2_SM3, random);
            byte[] message = new byte[i * 13];
            random.nextBytes(message);
            byte[] signature = key.signer().sign(message);
            if (signature.length != 64) {
                failures.add("signature length " + signature.length);
            }
            try {
                key.publicKey().verifier().verify(signature, message);
            } catch (SignatureException e) {
                failures.add("round trip " + i + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void sign_sameKeyAndMessage_givesSameBytes() throws GeneralSecurityException {
        PrivateKey key = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, HEX.parseHex(ANNEX_D));
        byte[] message = "block 42 header".getBytes(StandardCharsets.US_ASCII);
        byte[] first = key.signer().sign(message);
        // A re-parsed key (as after a gateway reboot) must give the same bytes too.
        PrivateKey reloaded = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, key.encoded());
        assertArrayEquals(first, key.signer().sign(message));
        assertArrayEquals(first, reloaded.signer().sign(message));
        assertFalse(Arrays.equals(first, key.signer().sign("block 43 header".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void verify_tamperedSignatureMessageOrKey_fails() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        PrivateKey key = PrivateKey.generate(CryptoSuite.SM2_SM3, random);
        PrivateKey other = PrivateKey.generate(CryptoSuite.SM2_SM3, random);
        byte[] message = "reading 17.3 C".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = key.signer().sign(message);
        Verifier verifier = key.publicKey().verifier();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < signature.length; i++) {
            byte[] tampered = signature.clone();
            tampered[i] ^= 0x01;
            if (Ed25519Rfc8032Test.verifies(verifier, tampered, message)) {
                failures.add("signature byte " + i + " flipped still verifies");
            }
        }
        for (int i = 0; i < message.length; i++) {
            byte[] tampered = message.clone();
            tampered[i] ^= 0x01;
            if (Ed25519Rfc8032Test.verifies(verifier, signature, tampered)) {
                failures.add("message byte " + i + " flipped still verifies");
            }
        }
        if (Ed25519Rfc8032Test.verifies(other.publicKey().verifier(), signature, message)) {
            failures.add("verifies under another key");
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void verify_mismatch_messageNamesSuiteAndKey() throws GeneralSecurityException {
        PrivateKey key = PrivateKey.fromEncoded(CryptoSuite.SM2_SM3, HEX.parseHex(ANNEX_D));
        SignatureException e = assertThrows(SignatureException.class, () -> key.publicKey().verifier()
                .verify(HEX.parseHex(ANNEX_SIGNATURE), "message digesT".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("sm2-sm3 signature rejected by key " + key.publicKey().fingerprint().substring(0, 16)
                + ": signature does not match message and key", e.getMessage());
    }
}
