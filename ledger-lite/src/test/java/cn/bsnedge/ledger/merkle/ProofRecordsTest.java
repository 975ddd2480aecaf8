package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.CtVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofRecordsTest {

    private static final String A = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";
    private static final String B = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e";

    @Test
    void inclusionProof_equalsByContent_notArrayIdentity() {
        InclusionProof p = new InclusionProof(0, 4, List.of(hex(A), hex(B)));
        InclusionProof q = new InclusionProof(0, 4, List.of(hex(A), hex(B)));
        assertEquals(p, q);
        assertEquals(p.hashCode(), q.hashCode());
        assertNotEquals(p, new InclusionProof(1, 4, List.of(hex(A), hex(B))));
        assertNotEquals(p, new InclusionProof(0, 5, List.of(hex(A), hex(B))));
        assertNotEquals(p, new InclusionProof(0, 4, List.of(hex(B), hex(A))));
        assertNotEquals(p, new InclusionProof(0, 4, List.of(hex(A))));
    }

    @Test
    void inclusionProof_copiesInAndOut() {
        byte[] a = hex(A);
        List<byte[]> in = new ArrayList<>(List.of(a));
        InclusionProof p = new InclusionProof(0, 2, in);
        a[0] ^= 1;
        in.add(hex(B));
        p.path().get(0)[0] ^= 1;
        assertEquals(1, p.path().size());
        assertArrayEquals(hex(A), p.path().get(0));
        assertThrows(UnsupportedOperationException.class, () -> p.path().add(hex(B)));
    }

    @Test
    void inclusionProof_toString_showsHex() {
        assertEquals("InclusionProof[leafIndex=0, treeSize=4, path=[" + A + ", " + B + "]]",
                new InclusionProof(0, 4, List.of(hex(A), hex(B))).toString());
    }

    @Test
    void inclusionProof_nullElement_isRejectedNamingIndex() {
        List<byte[]> in = new ArrayList<>();
        in.add(hex(A));
        in.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> new InclusionProof(0, 4, in));
        assertEquals("path[1] is null", e.getMessage());
    }

    @Test
    void consistencyProof_equalsHashCodeToStringAndCopies() {
        byte[] a = hex(A);
        ConsistencyProof p = new ConsistencyProof(1, 2, List.of(a));
        a[0] ^= 1;
        assertEquals(new ConsistencyProof(1, 2, List.of(hex(A))), p);
        assertEquals(new ConsistencyProof(1, 2, List.of(hex(A))).hashCode(), p.hashCode());
        assertNotEquals(new ConsistencyProof(1, 3, List.of(hex(A))), p);
        p.path().get(0)[0] ^= 1;
        assertArrayEquals(hex(A), p.path().get(0));
        assertEquals("ConsistencyProof[size1=1, size2=2, path=[" + A + "]]", p.toString());
        assertEquals("ConsistencyProof[size1=3, size2=3, path=[]]", new ConsistencyProof(3, 3, List.of()).toString());
    }
}
