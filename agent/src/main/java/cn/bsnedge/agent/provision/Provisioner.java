package cn.bsnedge.agent.provision;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.gateway.RegistrationFormatException;
import cn.bsnedge.ledger.gateway.RegistrationRequest;
import cn.bsnedge.ledger.gateway.SignedRegistration;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything a gateway needs before the city can trust it, in its data directory, made once:
 *
 * <ul>
 *   <li>{@code keys/gateway.key}: the ledger key of the configured suite ({@link GatewayKeyFile}, 0600),
 *       and its public half in {@code trust/};</li>
 *   <li>{@code keys/mqtt-client.key}: the MQTT client key ({@link MqttClientKey}, 0600);</li>
 *   <li>{@code provision/mqtt-client.csr}: its PKCS#10 request for the city's CA ({@link ClientCsr});</li>
 *   <li>{@code provision/registration.json}: the signed registration request (FORMAT.md §10).</li>
 * </ul>
 *
 * Idempotent: what exists and is consistent is kept; what is missing is made; a CSR that no
 * longer matches the key, or a request that no longer matches key, CSR, site or engineer, is
 * made again. A key is never overwritten: {@link Rotate} moves the old one to {@link Archive}
 * first.
 */
public final class Provisioner {

    public static final String MQTT_KEY = "mqtt-client.key";
    /** Where the engineer puts the certificate the city's CA returns; archived with its key. */
    public static final String MQTT_CERT = "mqtt-client.crt";
    public static final String CSR = "mqtt-client.csr";
    public static final String REGISTRATION = "registration.json";

    /** What to replace before provisioning. */
    public enum Rotate {
        NOTHING,
        /** A new ledger key, hence a new chain: the old key, store and registry are archived together. */
        GATEWAY_KEY,
        /** A new MQTT client key and CSR (e.g. before the certificate expires); the chain is untouched. */
        MQTT_KEY
    }

    /**
     * Who the gateway is and who installs it. Without a site or engineer the previous request's
     * are used; with neither, no request is written ({@link Outcome#missing()} says which).
     */
    public record Request(String gatewayId, CryptoSuite suite, Optional<String> site, Optional<String> engineer,
                          ClockQuality clock) {
    }

    /**
     * What provisioning left in place.
     *
     * @param created  file names made by this run (the rest were kept)
     * @param archive  where a rotation moved the old material
     * @param missing  why no registration request exists, e.g. "site and engineer"; empty when it does
     */
    public record Outcome(GatewayIdentity identity, Path keyFile, Path mqttKeyFile, byte[] mqttKeySha256, Path csrFile,
                          Optional<Path> registrationFile, List<String> created, Optional<Path> archive,
                          Optional<String> missing) {
    }

    private final Path dataDir;
    private final InstantSource clock;
    private final SecureRandom random;

    public Provisioner(Path dataDir, InstantSource clock, SecureRandom random) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.random = random;
    }

    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    public Path provisionDir() {
        return dataDir.resolve("provision");
    }

    public Outcome provision(Request r, Rotate rotate) throws ProvisionException, IOException {
        Path keyFile = GatewayKeyFile.keyFile(dataDir);
        Path mqttKeyFile = keysDir().resolve(MQTT_KEY);
        Path csrFile = provisionDir().resolve(CSR);
        Path registrationFile = provisionDir().resolve(REGISTRATION);
        Optional<SignedRegistration> previous = readRegistration(registrationFile);
        Optional<Path> archived = switch (rotate) {
            case NOTHING -> Optional.empty();
            case GATEWAY_KEY -> Optional.of(archiveGatewayKey(keyFile, r.gatewayId(), registrationFile));
            case MQTT_KEY -> Optional.of(archiveMqttKey(mqttKeyFile, csrFile, registrationFile));
        };
        List<String> created = new java.util.ArrayList<>();
        GatewayIdentity id;
        try {
            boolean had = Files.exists(keyFile);
            id = GatewayKeyFile.loadOrCreate(dataDir, r.gatewayId(), r.suite(), random);
            if (!had) {
                created.add("keys/gateway.key");
            }
            GatewayKeyFile.writeTrustFile(dataDir.resolve("trust"), id);
        } catch (GeneralSecurityException e) {
            throw new ProvisionException(e.getMessage() + (rotate == Rotate.NOTHING
                    ? "; to replace the key on purpose, run bsn-edge init --force (it archives the old key and chain)" : ""), e);
        }
        try {
            KeyPair mqtt;
            if (Files.exists(mqttKeyFile)) {
                mqtt = MqttClientKey.load(mqttKeyFile);
            } else {
                mqtt = MqttClientKey.generate(random);
                MqttClientKey.write(mqttKeyFile, mqtt);
                created.add("keys/" + MQTT_KEY);
            }
            PKCS10CertificationRequest csr = currentCsr(csrFile, r.gatewayId(), mqtt);
            if (csr == null) {
                csr = ClientCsr.create(r.gatewayId(), mqtt);
                writeReplacing(csrFile, ClientCsr.pem(csr));
                created.add("provision/" + CSR);
            }
            byte[] mqttHash = ClientCsr.keySha256(csr);
            Optional<String> site = r.site().or(() -> previous.map(p -> p.request().site()));
            Optional<String> engineer = r.engineer().or(() -> previous.map(p -> p.request().engineer()));
            Optional<String> missing = site.isEmpty() && engineer.isEmpty() ? Optional.of("site and engineer")
                    : site.isEmpty() ? Optional.of("site") : engineer.isEmpty() ? Optional.of("engineer") : Optional.empty();
            Optional<Path> registration = Optional.empty();
            if (missing.isEmpty()) {
                Optional<SignedRegistration> kept = Files.exists(registrationFile) ? readRegistration(registrationFile) : Optional.empty();
                if (kept.isPresent() && matches(kept.get().request(), id, mqttHash, site.get(), engineer.get())) {
                    registration = Optional.of(registrationFile);
                } else {
                    RegistrationRequest req = new RegistrationRequest(id.gatewayId(), id.key().publicKey(),
                            site.get(), engineer.get(), notBeforeEpoch(clock.instant()).truncatedTo(ChronoUnit.MILLIS), r.clock(), mqttHash);
                    writeReplacing(registrationFile, SignedRegistration.sign(req, id.key().signer()).toJson());
                    created.add("provision/" + REGISTRATION);
                    registration = Optional.of(registrationFile);
                }
            }
            return new Outcome(id, keyFile, mqttKeyFile, mqttHash, csrFile, registration, List.copyOf(created), archived, missing);
        } catch (GeneralSecurityException e) {
            throw new ProvisionException(e.getMessage(), e);
        } catch (IllegalArgumentException e) { // a site or engineer the format refuses (too long, control characters)
            throw new ProvisionException("registration request: " + e.getMessage(), e);
        }
    }

    /** The CSR on disk if it is intact, asks for this gateway, and is for this key; otherwise null. */
    private static PKCS10CertificationRequest currentCsr(Path file, String gatewayId, KeyPair key) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            PKCS10CertificationRequest csr = ClientCsr.read(file);
            return ClientCsr.commonName(csr).equals(gatewayId) && ClientCsr.isFor(csr, key) ? csr : null;
        } catch (GeneralSecurityException | IOException e) {
            return null; // unreadable or foreign: made again, it is derived data
        }
    }

    private static Optional<SignedRegistration> readRegistration(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            SignedRegistration s = SignedRegistration.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            s.verify();
            return Optional.of(s);
        } catch (RegistrationFormatException | GeneralSecurityException | IOException e) {
            return Optional.empty(); // made again below
        }
    }

    private static boolean matches(RegistrationRequest q, GatewayIdentity id, byte[] mqttHash, String site, String engineer) {
        return q.gatewayId().equals(id.gatewayId()) && q.key().equals(id.key().publicKey())
                && Arrays.equals(q.mqttKeySha256(), mqttHash) && q.site().equals(site) && q.engineer().equals(engineer);
    }

    private Path archiveGatewayKey(Path keyFile, String gatewayId, Path registrationFile) throws ProvisionException, IOException {
        Path store = dataDir.resolve("store");
        if (storeInUse(store.resolve("LOCK"))) {
            throw new ProvisionException("the agent is running on " + store + ": stop it first (systemctl stop bsn-edge),"
                    + " then run bsn-edge init --force again");
        }
        Archive a = Archive.create(dataDir, clock.instant());
        // The old key and the chain it signed move together: they only verify together.
        a.take(keyFile, "gateway.key");
        a.take(store, "store");
        a.take(dataDir.resolve("registry.json"), "registry.json");
        a.take(GatewayKeyFile.trustFile(dataDir.resolve("trust"), gatewayId), "trust.json");
        a.take(registrationFile, REGISTRATION);
        return a.dir();
    }

    private Path archiveMqttKey(Path mqttKeyFile, Path csrFile, Path registrationFile) throws IOException {
        Archive a = Archive.create(dataDir, clock.instant());
        a.take(mqttKeyFile, MQTT_KEY);
        a.take(keysDir().resolve(MQTT_CERT), MQTT_CERT);
        a.take(csrFile, CSR);
        a.take(registrationFile, REGISTRATION);
        return a.dir();
    }

    /** True while another process (a running agent) holds the store's lock. */
    static boolean storeInUse(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Public, derived files (CSR, request): written whole then renamed over the old one. */
    private static void writeReplacing(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A board without a real-time clock may boot before 1970; the request then says 1970, marked unsynced by the caller. */
    static Instant notBeforeEpoch(Instant t) {
        return t.isBefore(Instant.EPOCH) ? Instant.EPOCH : t;
    }
}
