package cn.bsnedge.agent.provision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttClientKeyTest {

    @TempDir
    Path dir;

    @Test
    void writeThenLoad_recomputesTheSamePublicKey() throws Exception {
        KeyPair k = MqttClientKey.generate(new SecureRandom());
        Path f = dir.resolve("keys/mqtt-client.key");
        MqttClientKey.write(f, k);
        KeyPair back = MqttClientKey.load(f);
        assertEquals(k.getPublic(), back.getPublic());
        assertEquals(k.getPrivate(), back.getPrivate());
        assertTrue(Files.readString(f).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }

    @Test
    void write_neverReplacesAnExistingKey() throws Exception {
        Path f = dir.resolve("mqtt-client.key");
        MqttClientKey.write(f, MqttClientKey.generate(new SecureRandom()));
        String first = Files.readString(f);
        assertThrows(FileAlreadyExistsException.class, () -> MqttClientKey.write(f, MqttClientKey.generate(new SecureRandom())));
        assertEquals(first, Files.readString(f));
    }

    @Test
    void csrOfAnotherKey_isNotForThisKey() throws Exception {
        KeyPair a = MqttClientKey.generate(new SecureRandom());
        KeyPair b = MqttClientKey.generate(new SecureRandom());
        assertTrue(ClientCsr.isFor(ClientCsr.create("88.1001.31/GW-1", a), a));
        assertFalse(ClientCsr.isFor(ClientCsr.create("88.1001.31/GW-1", a), b));
    }

    @Test
    void load_notAKey_saysWhatItWanted() throws Exception {
        Path f = dir.resolve("k");
        Files.writeString(f, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> MqttClientKey.load(f));
        assertTrue(e.getMessage().contains("not a PKCS#8 PEM private key"), e.getMessage());
    }
}
