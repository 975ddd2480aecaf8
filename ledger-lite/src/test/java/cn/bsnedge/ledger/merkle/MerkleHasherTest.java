package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.CtVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MerkleHasherTest {

    private final MerkleHasher h = Sha256.HASHER;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void prefixes_areRfc9162LeafZeroNodeOne() {
        assertEquals(0x00, MerkleHasher.LEAF_PREFIX);
        assertEquals(0x01, MerkleHasher.NODE_PREFIX);
    }

    @Test
    void emptyRoot_isSha256OfEmptyString() {
        // Source: transparency-dev/merkle rfc6962/rfc6962_test.go "RFC6962 Empty".
        // echo -n | sha256sum
        assertArrayEquals(hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                h.emptyRoot());
    }

    @Test
    void leafHash_ofEmptyLeaf_differsFromEmptyRoot() {
        // Source: transparency-dev/merkle rfc6962/rfc6962_test.go "RFC6962 Empty Leaf".
        // echo -n 00 | xxd -r -p | sha256sum
        byte[] emptyLeaf = h.leafHash(new byte[0]);
        assertArrayEquals(hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                emptyLeaf);
        assertFalse(Arrays.equals(emptyLeaf, h.emptyRoot()));
    }

    @Test
    void leafHash_matchesRfc6962Vector() {
        // Source: transparency-dev/merkle rfc6962/rfc6962_test.go "RFC6962 Leaf".
        // echo -n 004C313233343536 | xxd -r -p | sha256sum
        assertArrayEquals(hex("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"),
                h.leafHash(ascii("L123456")));
    }

    @Test
    void nodeHash_matchesRfc6962Vector() {
        // Source: transparency-dev/merkle rfc6962/rfc6962_test.go "RFC6962 Node".
        // echo -n 014E3132334E343536 | xxd -r -p | sha256sum
        assertArrayEquals(hex("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"),
                h.nodeHash(ascii("N123"), ascii("N456")));
    }

    @Test
    void leafHashOfConcatenation_differsFromNodeHash_secondPreimageResistance() {
        // transparency-dev/merkle rfc6962_test.go TestRFC6962HasherCollisions: without the
        // prefixes, an interior node could be passed off as a leaf.
        byte[] a = h.leafHash(ascii("Hello"));
        byte[] b = h.leafHash(ascii("World"));
        assertFalse(Arrays.equals(a, b));
        byte[] node = h.nodeHash(a, b);
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        assertFalse(Arrays.equals(node, h.leafHash(ab)), "leafHash(a||b) must differ from nodeHash(a, b)");
        assertFalse(Arrays.equals(node, h.nodeHash(b, a)), "node hash must depend on child order");
    }

    @Test
    void emptyRoot_returnsFreshCopy() {
        byte[] first = h.emptyRoot();
        first[0] ^= 1;
        assertNotSame(first, h.emptyRoot());
        assertArrayEquals(hex(CtVectors.EMPTY_ROOT), h.emptyRoot());
    }

    @Test
    void sizeAndName_comeFromHashFunction() {
        assertEquals(32, h.size());
        assertEquals("SHA-256", h.hashFunction().name());
        assertEquals("MerkleHasher[SHA-256]", h.toString());
    }
}
