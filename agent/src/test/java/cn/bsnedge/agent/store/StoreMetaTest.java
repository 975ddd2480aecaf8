package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** meta.json: its exact text, and the open-time check that refuses another gateway's or key's store. */
class StoreMetaTest {

    private static final PrivateKey KEY = Chains.newKey(CryptoSuite.ED25519_SHA256);
    private static final PrivateKey OTHER = Chains.newKey(CryptoSuite.ED25519_SHA256);

    @Test
    void write_givesTheFourFields_andCheckAcceptsTheSameGatewayAndKey(@TempDir Path dir) throws Exception {
        StoreMeta.write(dir, "88.1001.31/GW-1", KEY.publicKey());
        assertEquals("{\n  \"format\" : \"bsn-edge-store/1\",\n  \"gateway\" : \"88.1001.31/GW-1\",\n  \"suite\" : \"ed25519-sha256\",\n"
                + "  \"publicKey\" : \"" + HexFormat.of().formatHex(KEY.publicKey().encoded()) + "\"\n}\n", Files.readString(dir.resolve("meta.json")));
        StoreMeta.check(dir, "88.1001.31/GW-1", KEY.publicKey());
    }

    @Test
    void check_anotherGatewayOrKey_isRefusedNamingBoth(@TempDir Path dir) throws Exception {
        StoreMeta.write(dir, "88.1001.31/GW-1", KEY.publicKey());
        var gw = assertThrows(StoreException.class, () -> StoreMeta.check(dir, "88.1001.31/GW-2", KEY.publicKey()));
        assertTrue(gw.getMessage().contains("belongs to gateway '88.1001.31/GW-1', but this gateway's gateway is '88.1001.31/GW-2'"), gw.getMessage());
        var key = assertThrows(StoreException.class, () -> StoreMeta.check(dir, "88.1001.31/GW-1", OTHER.publicKey()));
        assertTrue(key.getMessage().contains("belongs to publicKey '" + HexFormat.of().formatHex(KEY.publicKey().encoded()) + "'"), key.getMessage());
    }

    @Test
    void check_aFieldMissingOrNotJson_isRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("meta.json"), "{\"format\": \"bsn-edge-store/1\", \"gateway\": \"88.1001.31/GW-1\", \"suite\": \"ed25519-sha256\"}");
        var missing = assertThrows(StoreException.class, () -> StoreMeta.check(dir, "88.1001.31/GW-1", KEY.publicKey()));
        assertTrue(missing.getMessage().contains("belongs to publicKey 'null'"), missing.getMessage());
        Files.writeString(dir.resolve("meta.json"), "{\"format\": ");
        var broken = assertThrows(StoreException.class, () -> StoreMeta.check(dir, "88.1001.31/GW-1", KEY.publicKey()));
        assertTrue(broken.getMessage().contains("cannot read " + dir.resolve("meta.json")), broken.getMessage());
    }
}
