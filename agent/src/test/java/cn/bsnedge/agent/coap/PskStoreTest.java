package cn.bsnedge.agent.coap;

import cn.bsnedge.ledger.entry.SensorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PskStoreTest {

    private static final SensorCode A = SensorCode.of("88.1001.31/TMP-0001");
    private static final SensorCode B = SensorCode.of("88.1001.31/HUM-0002");
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void setGetRemove_roundTripAcrossInstances_fileIs0600InA0700Dir(@TempDir Path data) throws Exception {
        PskStore store = new PskStore(data, new SecureRandom());
        assertEquals(Optional.empty(), store.get(A).map(HexFormat.of()::formatHex));
        store.set(A, KEY);
        byte[] generated = store.generate(B);
        assertEquals(PskStore.GENERATED_BYTES, generated.length);

        PskStore other = new PskStore(data, new SecureRandom()); // e.g. the agent, while the CLI writes
        assertArrayEquals(KEY, other.get(A).orElseThrow());
        assertArrayEquals(generated, other.get(B).orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));

        assertTrue(store.remove(A));
        assertFalse(store.remove(A));
        assertTrue(other.get(A).isEmpty(), "a reader sees the removal without a restart");
        assertTrue(other.get(B).isPresent());
    }

    @Test
    void generate_givesDifferentKeys_andReplacesTheOldOne(@TempDir Path data) throws Exception {
        PskStore store = new PskStore(data, new SecureRandom());
        byte[] first = store.generate(A);
        byte[] second = store.generate(A);
        assertNotEquals(HexFormat.of().formatHex(first), HexFormat.of().formatHex(second));
        assertArrayEquals(second, store.get(A).orElseThrow());
    }

    @Test
    void shortOrLongKeys_areRefusedWithTheRange(@TempDir Path data) {
        PskStore store = new PskStore(data, new SecureRandom());
        var e = assertThrows(IllegalArgumentException.class, () -> store.set(A, new byte[8]));
        assertTrue(e.getMessage().contains("is 8 bytes; want 16 to 64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.set(A, new byte[65]));
        assertFalse(Files.exists(store.file()), "nothing written");
    }

    @Test
    void keysNeverAppearInMessagesOrToString(@TempDir Path data) throws Exception {
        PskStore store = new PskStore(data, new SecureRandom());
        store.set(A, KEY);
        assertFalse(store.toString().contains(HexFormat.of().formatHex(KEY)));
        Files.writeString(store.file(), "{\"format\": \"" + PskStore.FORMAT + "\", \"keys\": {\"x\": \"" + HexFormat.of().formatHex(KEY) + "\" ");
        var e = assertThrows(java.io.IOException.class, () -> new PskStore(data, new SecureRandom()).get(A));
        assertFalse(e.getMessage().contains(HexFormat.of().formatHex(KEY)), e.getMessage());
    }

    @Test
    void file_holdsFormatAndKeysByCode_sorted_andAHandWrittenFileIsRead(@TempDir Path data) throws Exception {
        PskStore store = new PskStore(data, new SecureRandom());
        store.set(A, KEY);
        store.set(B, KEY);
        String hex = HexFormat.of().formatHex(KEY);
        assertEquals("{\n  \"format\" : \"bsn-edge-coap-psk/1\",\n  \"keys\" : {\n    \"" + B + "\" : \"" + hex
                + "\",\n    \"" + A + "\" : \"" + hex + "\"\n  }\n}\n", Files.readString(store.file()));
        store.remove(A);
        store.remove(B);
        assertEquals("{\n  \"format\" : \"bsn-edge-coap-psk/1\",\n  \"keys\" : { }\n}\n", Files.readString(store.file()));

        Files.writeString(store.file(), "{\"keys\": {\"" + A + "\": \"" + hex + "\"}, \"format\": \"bsn-edge-coap-psk/1\"}");
        assertArrayEquals(KEY, new PskStore(data, new SecureRandom()).get(A).orElseThrow());
        Files.writeString(store.file(), "{\"format\": \"bsn-edge-private-key/1\", \"keys\": {}}");
        var e = assertThrows(java.io.IOException.class, () -> new PskStore(data, new SecureRandom()).get(A));
        assertTrue(e.getMessage().contains("is not a bsn-edge-coap-psk/1 file"), e.getMessage());
    }
}
