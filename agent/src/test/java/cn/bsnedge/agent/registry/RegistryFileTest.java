package cn.bsnedge.agent.registry;

import cn.bsnedge.agent.store.Chains;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** registry.json: what save writes (field names pinned), what load and loadSaved make of it. */
class RegistryFileTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] TMP = EntryCodec.encode(registration(Chains.TMP));
    private static final byte[] HUM = EntryCodec.encode(registration(Chains.HUM));

    private static SensorRegistration registration(SensorCode code) {
        return new SensorRegistration(code, 1, Timestamp.ofMillis(1_790_000_000_000L), ClockQuality.SYNCED, "simulated", "none",
                1000, Optional.empty(), "pump house 3", Calibration.IDENTITY, "li.wei");
    }

    @Test
    void save_writesFormatHeightAndHexEntries_andLoadSavedReadsThemBack(@TempDir Path data) throws Exception {
        RegistryFile file = new RegistryFile(data);
        file.save(List.of(TMP, HUM), 3);
        assertEquals("{\n  \"format\" : \"bsn-edge-registry/1\",\n  \"height\" : 3,\n  \"entries\" : [ \""
                + HEX.formatHex(TMP) + "\", \"" + HEX.formatHex(HUM) + "\" ]\n}\n", Files.readString(data.resolve("registry.json")));

        RegistryFile.Loaded saved = file.loadSaved();
        assertEquals(3, saved.height());
        assertEquals(List.of(HEX.formatHex(TMP), HEX.formatHex(HUM)), saved.entries().stream().map(HEX::formatHex).toList());
        assertEquals(java.util.Set.of(Chains.TMP, Chains.HUM), saved.registry().sensors().stream().map(s -> s.registration().sensor())
                .collect(java.util.stream.Collectors.toSet()));

        file.save(List.of(), 0);
        assertEquals("{\n  \"format\" : \"bsn-edge-registry/1\",\n  \"height\" : 0,\n  \"entries\" : [ ]\n}\n",
                Files.readString(data.resolve("registry.json")));
        assertFalse(Files.exists(data.resolve("registry.json.tmp")));
    }

    @Test
    void loadSaved_ofAnotherFormat_namesTheFileAndTheFormatWanted(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("registry.json"), "{\"format\": \"bsn-edge-store/1\", \"height\": 0, \"entries\": []}");
        IOException e = assertThrows(IOException.class, () -> new RegistryFile(data).loadSaved());
        assertTrue(e.getMessage().contains(data.resolve("registry.json") + " is not a bsn-edge-registry/1 file"), e.getMessage());
    }

    @Test
    void load_trustsTheFileUpToItsHeight_andScansAllWhenItIsDamagedOrAhead(@TempDir Path data) throws Exception {
        PrivateKey key = Chains.newKey(CryptoSuite.ED25519_SHA256);
        Chains.build(data.resolve("store"), key, 2, 3); // readings only: registry entries can come from the file alone
        RegistryFile file = new RegistryFile(data);
        try (LogBlockStore store = LogBlockStore.openOrCreate(data.resolve("store"), Chains.GATEWAY, key.publicKey())) {
            file.save(List.of(TMP), 2);
            RegistryFile.Loaded trusted = file.load(store);
            assertFalse(trusted.scannedAll());
            assertEquals(2, trusted.height());
            assertTrue(trusted.registry().state(Chains.TMP).isPresent());

            for (String damaged : List.of("{", "", "[]", "{\"format\": \"bsn-edge-registry/1\", \"height\": 3, \"entries\": [\""
                    + HEX.formatHex(TMP) + "\"]}", "{\"format\": \"bsn-edge-registry/1\", \"height\": 1, \"entries\": [7]}")) {
                Files.writeString(data.resolve("registry.json"), damaged);
                RegistryFile.Loaded scanned = file.load(store);
                assertTrue(scanned.scannedAll(), damaged);
                assertEquals(List.of(), scanned.entries(), damaged);
                assertEquals(2, scanned.height(), damaged);
            }
        }
    }
}
