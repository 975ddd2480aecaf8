package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.codec.FormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredBlockCodecTest {

    @Test
    void pack_repetitiveBlock_isDeflated_andUnpacksExactly() throws FormatException {
        byte[] sealed = new byte[70_000];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) "88.1001.31/TMP-0001 temperature Cel".charAt(i % 35);
        }
        byte[] packed = StoredBlockCodec.pack(sealed);
        assertEquals(StoredBlockCodec.DEFLATE, packed[0]);
        assertTrue(packed.length < sealed.length / 4, "packed " + packed.length);
        assertArrayEquals(sealed, StoredBlockCodec.unpack(packed));
    }

    @Test
    void pack_incompressibleBytes_areStoredRaw() throws FormatException {
        byte[] sealed = new byte[200];
        new Random(1).nextBytes(sealed);
        byte[] packed = StoredBlockCodec.pack(sealed);
        assertEquals(StoredBlockCodec.RAW, packed[0]);
        assertArrayEquals(sealed, StoredBlockCodec.unpack(packed));
    }

    @Test
    void unpack_unknownTag_truncatedOrCorruptStream_fails() {
        assertThrows(FormatException.class, () -> StoredBlockCodec.unpack(new byte[0]));
        assertThrows(FormatException.class, () -> StoredBlockCodec.unpack(new byte[] {7, 1, 2}));
        byte[] packed = StoredBlockCodec.pack(new byte[5000]);
        assertThrows(FormatException.class, () -> StoredBlockCodec.unpack(Arrays.copyOf(packed, packed.length / 2)));
        byte[] corrupt = packed.clone();
        corrupt[1] ^= (byte) 0xff;
        assertThrows(FormatException.class, () -> StoredBlockCodec.unpack(corrupt));
    }

    @Test
    void seqSummary_plus_keepsTheMaximumPerSensor_andRoundTrips() throws FormatException {
        SeqSummary s = SeqSummary.empty().plus(Map.of("88.1/A", 5L, "88.1/B", 2L)).plus(Map.of("88.1/A", 9L, "88.1/C", 1L));
        assertEquals(9, s.lastSeq("88.1/A"));
        assertEquals(2, s.lastSeq("88.1/B"));
        assertEquals(1, s.lastSeq("88.1/C"));
        assertEquals(-1, s.lastSeq("88.1/D"));
        assertEquals(s, SeqSummary.decode(s.encode()));
        byte[] trailing = Arrays.copyOf(s.encode(), s.encode().length + 1);
        assertThrows(FormatException.class, () -> SeqSummary.decode(trailing));
    }
}
