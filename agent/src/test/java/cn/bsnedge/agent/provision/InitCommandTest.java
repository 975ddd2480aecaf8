package cn.bsnedge.agent.provision;

import cn.bsnedge.agent.cli.Cli;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.gateway.SignedRegistration;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bsn-edge init}: what it makes, that running it again changes nothing, and how keys are replaced. */
class InitCommandTest {

    private static final String GATEWAY = "88.1001.31/GW-INIT-01";
    private static final String SITE = "Pump house 3, Nanjing Rd 12";

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Path config(String gateway, String suite) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                gateway:
                  id: %s
                  suite: %s
                  dataDir: %s
                clock:
                  source: none
                sensors: []
                """.formatted(gateway, suite, data()));
        return f;
    }

    private Cli.Result init(String... args) throws Exception {
        Path cfg = Files.exists(dir.resolve("gateway.yaml")) ? dir.resolve("gateway.yaml") : config(GATEWAY, "ed25519-sha256");
        return Cli.run(Stream.concat(Stream.of("init", "--config", cfg.toString()), Stream.of(args)).toArray(String[]::new));
    }

    private Path file(String relative) {
        return data().resolve(relative);
    }

    private SignedRegistration registration() throws Exception {
        Path f = file("provision/registration.json");
        return SignedRegistration.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    }

    @Test
    void firstRun_makesKeysCsrAndASignedRegistration_andPrintsIdAndFingerprint() throws Exception {
        config(GATEWAY, "sm2-sm3");
        Cli.Result r = init("--site", SITE, "--engineer", "li.wei");
        assertEquals(0, r.code(), r.transcript());

        var id = GatewayKeyFile.load(file("keys/gateway.key"));
        assertEquals(CryptoSuite.SM2_SM3, id.key().suite());
        assertTrue(r.out().contains("gateway       " + GATEWAY + " (sm2-sm3)"), r.transcript());
        assertTrue(r.out().contains("fingerprint   " + id.key().publicKey().fingerprint()), r.transcript());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("keys/gateway.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("keys/mqtt-client.key"))));
        assertTrue(Files.exists(GatewayKeyFile.trustFile(file("trust"), GATEWAY)));

        PKCS10CertificationRequest csr = ClientCsr.read(file("provision/mqtt-client.csr"));
        assertEquals(GATEWAY, ClientCsr.commonName(csr));
        assertTrue(ClientCsr.isFor(csr, MqttClientKey.load(file("keys/mqtt-client.key"))));
        assertTrue(Files.readString(file("provision/mqtt-client.csr")).startsWith("-----BEGIN CERTIFICATE REQUEST-----"));

        SignedRegistration reg = registration();
        reg.verify();
        assertEquals(GATEWAY, reg.request().gatewayId());
        assertEquals(id.key().publicKey(), reg.request().key());
        assertEquals(SITE, reg.request().site());
        assertEquals("li.wei", reg.request().engineer());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(csr.getSubjectPublicKeyInfo().getEncoded("DER")),
                reg.request().mqttKeySha256());
        assertTrue(r.out().contains(HexFormat.of().formatHex(reg.request().mqttKeySha256())), r.transcript());
    }

    @Test
    void secondRun_withoutSiteOrEngineer_keepsEveryFileByteForByte() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        List<String> names = List.of("keys/gateway.key", "keys/mqtt-client.key", "provision/mqtt-client.csr", "provision/registration.json");
        List<byte[]> before = names.stream().map(n -> read(file(n))).toList();
        Cli.Result again = init();
        assertEquals(0, again.code(), again.transcript());
        for (int i = 0; i < names.size(); i++) {
            assertArrayEquals(before.get(i), read(file(names.get(i))), names.get(i) + " changed");
        }
        assertTrue(again.out().contains("(kept)") && !again.out().contains("(new)"), again.transcript());
    }

    @Test
    void noSiteOrEngineer_makesTheKeys_butNoRequest_andSaysHowToFinish() throws Exception {
        Cli.Result r = init();
        assertEquals(2, r.code(), r.transcript());
        assertTrue(Files.exists(file("keys/gateway.key")) && Files.exists(file("provision/mqtt-client.csr")), r.transcript());
        assertFalse(Files.exists(file("provision/registration.json")));
        assertTrue(r.err().contains("no site and engineer given") && r.err().contains("BSN_EDGE_SITE"), r.transcript());

        Cli.Result finish = init("--site", SITE, "--engineer", "li.wei");
        assertEquals(0, finish.code(), finish.transcript());
        assertTrue(finish.out().contains("key           " + file("keys/gateway.key") + " (kept)"), finish.transcript());
        registration().verify();
    }

    @Test
    void newEngineer_reSignsTheRequest_withTheSameKeys() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        byte[] key = read(file("keys/gateway.key"));
        assertEquals(0, init("--engineer", "zhang.min").code());
        assertEquals("zhang.min", registration().request().engineer());
        assertEquals(SITE, registration().request().site());
        assertArrayEquals(key, read(file("keys/gateway.key")));
    }

    @Test
    void force_archivesTheOldKeyWithItsChain_andRegistersANewKey() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        var old = GatewayKeyFile.load(file("keys/gateway.key"));
        byte[] oldKeyBytes = read(file("keys/gateway.key"));
        LogBlockStore.openOrCreate(file("store"), GATEWAY, old.key().publicKey()).close();

        Cli.Result r = init("--force");
        assertEquals(0, r.code(), r.transcript());
        Path archive;
        try (Stream<Path> s = Files.list(file("archive"))) {
            archive = s.findFirst().orElseThrow();
        }
        assertTrue(archive.getFileName().toString().matches("\\d{8}T\\d{6}Z"), archive.toString());
        assertArrayEquals(oldKeyBytes, read(archive.resolve("gateway.key")));
        assertTrue(Files.isDirectory(archive.resolve("store")) && Files.exists(archive.resolve("registration.json")));
        assertFalse(Files.exists(file("store")));
        var fresh = GatewayKeyFile.load(file("keys/gateway.key"));
        assertNotEquals(old.key().publicKey(), fresh.key().publicKey());
        SignedRegistration reg = registration();
        reg.verify();
        assertEquals(fresh.key().publicKey(), reg.request().key());
        assertEquals("li.wei", reg.request().engineer()); // taken from the request it replaces
        assertTrue(r.out().contains("archived      " + archive), r.transcript());
    }

    @Test
    void force_whileTheAgentHoldsTheStore_refuses_andChangesNothing() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        var id = GatewayKeyFile.load(file("keys/gateway.key"));
        byte[] key = read(file("keys/gateway.key"));
        try (LogBlockStore running = LogBlockStore.openOrCreate(file("store"), GATEWAY, id.key().publicKey())) {
            Cli.Result r = init("--force");
            assertEquals(2, r.code(), r.transcript());
            assertTrue(r.err().contains("stop it first"), r.transcript());
        }
        assertArrayEquals(key, read(file("keys/gateway.key")));
        assertFalse(Files.exists(file("archive")));
    }

    @Test
    void rotateMqtt_newClientKeyAndCsr_reRegistered_ledgerKeyUntouched() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        byte[] ledgerKey = read(file("keys/gateway.key"));
        byte[] oldMqtt = read(file("keys/mqtt-client.key"));
        byte[] oldHash = registration().request().mqttKeySha256();
        Files.writeString(file("keys/mqtt-client.crt"), "the certificate the city issued for the old key\n");

        Cli.Result r = init("--rotate-mqtt");
        assertEquals(0, r.code(), r.transcript());
        assertArrayEquals(ledgerKey, read(file("keys/gateway.key")));
        assertFalse(java.util.Arrays.equals(oldMqtt, read(file("keys/mqtt-client.key"))));
        assertFalse(Files.exists(file("keys/mqtt-client.crt")), "a certificate for the old key must not stay next to the new one");
        PKCS10CertificationRequest csr = ClientCsr.read(file("provision/mqtt-client.csr"));
        assertTrue(ClientCsr.isFor(csr, MqttClientKey.load(file("keys/mqtt-client.key"))));
        assertArrayEquals(ClientCsr.keySha256(csr), registration().request().mqttKeySha256());
        assertFalse(java.util.Arrays.equals(oldHash, registration().request().mqttKeySha256()));
        try (Stream<Path> s = Files.list(file("archive"))) {
            Path archive = s.findFirst().orElseThrow();
            assertArrayEquals(oldMqtt, read(archive.resolve("mqtt-client.key")));
            assertTrue(Files.exists(archive.resolve("mqtt-client.crt")));
        }
    }

    @Test
    void keyOfAnotherGateway_refuses_pointingAtForce() throws Exception {
        assertEquals(0, init("--site", SITE, "--engineer", "li.wei").code());
        byte[] key = read(file("keys/gateway.key"));
        config("88.1001.31/GW-OTHER", "ed25519-sha256");
        Cli.Result r = init();
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("belongs to gateway " + GATEWAY) && r.err().contains("--force"), r.transcript());
        assertArrayEquals(key, read(file("keys/gateway.key")));
    }

    @Test
    void siteWithALineBreak_refused_namingTheRule() throws Exception {
        Cli.Result r = init("--site", "pump house\nnorth wall", "--engineer", "li.wei");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("registration request: site has control character U+000A"), r.transcript());
    }

    @Test
    void forceAndRotateMqttTogether_isAUsageError() throws Exception {
        Cli.Result r = init("--force", "--rotate-mqtt");
        assertEquals(2, r.code(), r.transcript());
        assertFalse(Files.exists(data()));
    }

    @Test
    void user_asRoot_handsEveryFileToThatUser_keepingModes() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root; run as root to cover --user");
        Cli.Result r = init("--site", SITE, "--engineer", "li.wei", "--user", "daemon");
        assertEquals(0, r.code(), r.transcript());
        try (Stream<Path> all = Files.walk(data())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                assertEquals("daemon", Files.getOwner(p).getName(), p.toString());
            }
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("keys/gateway.key"))));
    }

    @Test
    void unknownUser_refused() throws Exception {
        Cli.Result r = init("--user", "no-such-user-bsn");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("no user and group named 'no-such-user-bsn'"), r.transcript());
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
