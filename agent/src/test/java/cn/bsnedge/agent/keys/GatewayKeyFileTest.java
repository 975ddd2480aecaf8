package cn.bsnedge.agent.keys;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keys/gateway.key and the trust file: exact field names, and what load makes of a file. */
class GatewayKeyFileTest {

    /** RFC 8032 §7.1 test 1: the secret key, and its public key. */
    private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static String keyFile(String gateway, String suite, String hex) {
        return "{\n  \"format\" : \"bsn-edge-private-key/1\",\n  \"gateway\" : \"" + gateway + "\",\n  \"suite\" : \"" + suite
                + "\",\n  \"privateKey\" : \"" + hex + "\"\n}\n";
    }

    @Test
    void loadOrCreate_writesTheFourFields_andLoadsTheSameKeyAgain(@TempDir Path data) throws Exception {
        GatewayIdentity created = GatewayKeyFile.loadOrCreate(data, "88.1001.31/GW-1", CryptoSuite.SM2_SM3, new SecureRandom());
        String hex = HexFormat.of().formatHex(created.key().encoded());
        assertEquals(keyFile("88.1001.31/GW-1", "sm2-sm3", hex), Files.readString(GatewayKeyFile.keyFile(data)));
        GatewayIdentity again = GatewayKeyFile.loadOrCreate(data, "88.1001.31/GW-1", CryptoSuite.SM2_SM3, new SecureRandom());
        assertEquals(hex, HexFormat.of().formatHex(again.key().encoded()));
    }

    @Test
    void load_aWrittenFile_givesGatewayAndKey_andTheTrustFileCarriesItsPublicHalf(@TempDir Path data) throws Exception {
        Path file = GatewayKeyFile.keyFile(data);
        Files.createDirectories(file.getParent());
        Files.writeString(file, keyFile("88.1001.31/GW-0007", "ed25519-sha256", SEED));
        GatewayIdentity id = GatewayKeyFile.load(file);
        assertEquals("88.1001.31/GW-0007", id.gatewayId());
        assertEquals(PUBLIC, HexFormat.of().formatHex(id.key().publicKey().encoded()));

        Path trust = GatewayKeyFile.writeTrustFile(data.resolve("trust"), id);
        assertEquals(data.resolve("trust/88.1001.31_GW-0007.json"), trust);
        // The committed vector (docs/vectors) holds exactly this gateway and key.
        assertEquals(Files.readString(Path.of("../docs/vectors/trust-ed25519-sha256.json")), Files.readString(trust));
        assertEquals(id.trustedKey(), TrustedKey.parse(Files.readString(trust), trust.toString()));
    }

    @Test
    void load_anotherFormatOrAMismatchedSuite_isRefused(@TempDir Path data) throws Exception {
        Path file = GatewayKeyFile.keyFile(data);
        Files.createDirectories(file.getParent());
        Files.writeString(file, keyFile("88.1001.31/GW-0007", "ed25519-sha256", SEED).replace("private-key", "key"));
        var format = assertThrows(GeneralSecurityException.class, () -> GatewayKeyFile.load(file));
        assertTrue(format.getMessage().contains("not a bsn-edge-private-key/1 key file"), format.getMessage());

        Files.writeString(file, keyFile("88.1001.31/GW-0007", "ed25519-sha256", SEED));
        var suite = assertThrows(GeneralSecurityException.class,
                () -> GatewayKeyFile.loadOrCreate(data, "88.1001.31/GW-0007", CryptoSuite.P256_SHA256, new SecureRandom()));
        assertTrue(suite.getMessage().contains("holds a ed25519-sha256 key, but p256-sha256 was asked for"), suite.getMessage());
        var gateway = assertThrows(GeneralSecurityException.class,
                () -> GatewayKeyFile.loadOrCreate(data, "88.1001.31/GW-0008", CryptoSuite.ED25519_SHA256, new SecureRandom()));
        assertTrue(gateway.getMessage().contains("belongs to gateway 88.1001.31/GW-0007, not 88.1001.31/GW-0008"), gateway.getMessage());
    }
}
