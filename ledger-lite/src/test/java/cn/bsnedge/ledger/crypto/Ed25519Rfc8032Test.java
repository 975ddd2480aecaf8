package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8032 §7.1 "Test Vectors for Ed25519": every vector there (TEST 1, 2, 3, 1024 and
 * SHA(abc)). Hex copied from the RFC text as transcribed in Bouncy Castle's
 * core/src/test/java/org/bouncycastle/math/ec/rfc8032/test/Ed25519Test.java, split at the
 * RFC's own 32-hex-digit line breaks so each line can be diffed against the RFC.
 * The 1023-byte TEST 1024 message lives in src/test/resources/crypto/rfc8032-test1024-message.hex.
 *
 * <p>Like Tink's Ed25519VerifyTest, each test collects every failure and asserts the list
 * is empty, so one run reports all broken vectors.
 */
class Ed25519Rfc8032Test {

    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, String secret, String publicKey, String message, String signature) {}

    static List<Vector> vectors() {
        return List.of(
                new Vector("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc4" + "4449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a" + "0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a" + "84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46b" + "d25bf5f0595bbe24655141438e7a100b"),
                new Vector("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f" + "5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc" + "9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540" + "a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c" + "387b2eaeb4302aeeb00d291612bb0c00"),
                new Vector("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b1" + "66d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f058" + "0816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a3" + "0ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc659" + "4a7c15e9716ed28dc027beceea1ec40a"),
                new Vector("TEST 1024",
                        "f5e5767cf153319517630f226876b86c" + "8160cc583bc013744c6bf255f5cc0ee5",
                        "278117fc144c72340f67d0f2316e8386" + "ceffbf2b2428c9c51fef7c597f1d426e",
                        TestResources.hex("crypto/rfc8032-test1024-message.hex"),
                        "0aab4c900501b3e24d7cdf4663326a3a" + "87df5e4843b2cbdb67cbf6e460fec350"
                                + "aa5371b1508f9f4528ecea23c436d94b" + "5e8fcd4f681e30a6ac00a9704a188a03"),
                new Vector("TEST SHA(abc)",
                        "833fe62409237b9d62ec77587520911e" + "9a759cec1d19755b7da901b96dca3d42",
                        "ec172b93ad5e563bf4932c70e1245034" + "c35467ef2efd4d64ebf819683467e2bf",
                        // SHA-512("abc"), 64 bytes
                        "ddaf35a193617abacc417349ae204131" + "12e6fa4e89a97ea20a9eeee64b55d39a"
                                + "2192992a274fc1a836ba3c23a3feebbd" + "454d4423643ce80e2a9ac94fa54ca49f",
                        "dc2a4459e7369633a52b1bf277839a00" + "201009a3efbf3ecb69bea2186c26b589"
                                + "09351fc9ac90b3ecfdfbc7c66431e030" + "3dca179c138ac17ad9bef1177331a704"));
    }

    @Test
    void testVectorsAreComplete() {
        assertEquals(5, vectors().size());
        // RFC 8032 states the TEST 1024 message is 1023 bytes; a truncated resource must not pass.
        assertEquals(1023, HEX.parseHex(vectors().get(3).message()).length);
    }

    @Test
    void sign_rfc8032Vectors_publicKeyAndSignatureMatchAndVerify() {
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors()) {
            try {
                PrivateKey key = PrivateKey.fromEncoded(CryptoSuite.ED25519_SHA256, HEX.parseHex(v.secret()));
                String gotPublic = HEX.formatHex(key.publicKey().encoded());
                if (!gotPublic.equals(v.publicKey())) {
                    failures.add(v.name() + ": public key got " + gotPublic + ", want " + v.publicKey());
                }
                byte[] message = HEX.parseHex(v.message());
                String gotSignature = HEX.formatHex(key.signer().sign(message));
                if (!gotSignature.equals(v.signature())) {
                    failures.add(v.name() + ": signature got " + gotSignature + ", want " + v.signature());
                }
                PublicKey published = PublicKey.create(CryptoSuite.ED25519_SHA256, HEX.parseHex(v.publicKey()));
                published.verifier().verify(HEX.parseHex(v.signature()), message);
            } catch (GeneralSecurityException e) {
                failures.add(v.name() + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void verify_anySingleByteOfSignatureOrMessageFlipped_fails() throws GeneralSecurityException {
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors()) {
            Verifier verifier = PublicKey.create(CryptoSuite.ED25519_SHA256, HEX.parseHex(v.publicKey())).verifier();
            byte[] signature = HEX.parseHex(v.signature());
            byte[] message = HEX.parseHex(v.message());
            for (int i = 0; i < signature.length; i++) {
                byte[] tampered = signature.clone();
                tampered[i] ^= 0x01;
                if (verifies(verifier, tampered, message)) {
                    failures.add(v.name() + ": signature byte " + i + " flipped still verifies");
                }
            }
            for (int i = 0; i < message.length; i++) {
                byte[] tampered = message.clone();
                tampered[i] ^= 0x01;
                if (verifies(verifier, signature, tampered)) {
                    failures.add(v.name() + ": message byte " + i + " flipped still verifies");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static boolean verifies(Verifier verifier, byte[] signature, byte[] message) {
        try {
            verifier.verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
