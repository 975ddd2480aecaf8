package cn.bsnedge.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CryptoSuiteTest {

    @Test
    void idsLabelsAndLengths_areTheWireConstants() {
        // These appear in block headers and config files: changing one breaks every ledger.
        assertEquals(1, CryptoSuite.ED25519_SHA256.id());
        assertEquals(2, CryptoSuite.SM2_SM3.id());
        assertEquals(3, CryptoSuite.P256_SHA256.id());
        assertEquals("ed25519-sha256", CryptoSuite.ED25519_SHA256.label());
        assertEquals("sm2-sm3", CryptoSuite.SM2_SM3.label());
        assertEquals("p256-sha256", CryptoSuite.P256_SHA256.label());
        assertEquals(32, CryptoSuite.ED25519_SHA256.publicKeyLength());
        assertEquals(65, CryptoSuite.SM2_SM3.publicKeyLength());
        assertEquals(65, CryptoSuite.P256_SHA256.publicKeyLength());
        for (CryptoSuite suite : CryptoSuite.values()) {
            assertEquals(64, suite.signatureLength(), suite.label());
        }
    }

    @Test
    void fromIdAndFromLabel_roundTrip() {
        for (CryptoSuite suite : CryptoSuite.values()) {
            assertSame(suite, CryptoSuite.fromId(suite.id()));
            assertSame(suite, CryptoSuite.fromLabel(suite.label()));
        }
    }

    @Test
    void fromId_unknown_namesIdAndValidIds() {
        for (int id : new int[] {0, 4, 255, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CryptoSuite.fromId(id));
            assertEquals("unknown crypto suite id " + id
                    + "; valid ids are 1 (ed25519-sha256), 2 (sm2-sm3), 3 (p256-sha256)", e.getMessage());
        }
    }

    @Test
    void fromLabel_unknownOrWrongCaseOrNull_namesLabelAndValidLabels() {
        String valid = "; valid labels are ed25519-sha256, sm2-sm3, p256-sha256";
        assertEquals("unknown crypto suite label 'SM2-SM3'" + valid,
                assertThrows(IllegalArgumentException.class, () -> CryptoSuite.fromLabel("SM2-SM3")).getMessage());
        assertEquals("unknown crypto suite label 'ed25519'" + valid,
                assertThrows(IllegalArgumentException.class, () -> CryptoSuite.fromLabel("ed25519")).getMessage());
        assertEquals("unknown crypto suite label null" + valid,
                assertThrows(IllegalArgumentException.class, () -> CryptoSuite.fromLabel(null)).getMessage());
    }
}
