package cn.bsnedge.agent.config;

import cn.bsnedge.agent.Gateway.SealPolicy;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole, valid {@code gateway.yaml}: every default applied, every range checked. Only
 * {@link ConfigLoader} makes these from files; tests and tools may build them directly.
 */
public record GatewayConfig(Identity gateway, Sealing sealing, Clock clock, List<SensorConfig> sensors, Coap coap,
                            Map<SensorCode, Origin> origins, Optional<Mqtt> mqtt, Anchoring anchor) {

    public GatewayConfig {
        sensors = List.copyOf(sensors);
        origins = Map.copyOf(origins);
        java.util.Objects.requireNonNull(mqtt, "mqtt");
        java.util.Objects.requireNonNull(anchor, "anchor");
    }

    /** A gateway that does not anchor (no {@code mqtt:} section). */
    public GatewayConfig(Identity gateway, Sealing sealing, Clock clock, List<SensorConfig> sensors, Coap coap,
                         Map<SensorCode, Origin> origins) {
        this(gateway, sealing, clock, sensors, coap, origins, Optional.empty(), Anchoring.DEFAULT);
    }

    /** A configuration whose sensors all come from gateway.yaml itself (tests, tools). */
    public GatewayConfig(Identity gateway, Sealing sealing, Clock clock, List<SensorConfig> sensors, Coap coap) {
        this(gateway, sealing, clock, sensors, coap, Map.of());
    }

    /**
     * Where a sensor is declared, so a tool can send the engineer to the right line.
     *
     * @param field declared in {@code DATA/sensors.yaml} (added with {@code bsn-edge sensors add}),
     *              not in gateway.yaml
     */
    public record Origin(String file, int line, boolean field) {

        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }
    }

    /** Where {@code code} is declared, if it is. */
    public Optional<Origin> origin(SensorCode code) {
        return Optional.ofNullable(origins.get(code));
    }

    /** The sensors declared in {@code DATA/sensors.yaml}, in file order. */
    public List<SensorConfig> fieldSensors() {
        return sensors.stream().filter(s -> origin(s.code()).map(Origin::field).orElse(false)).toList();
    }

    /** A gateway without a {@code coap:} section (its defaults), every sensor from gateway.yaml itself. */
    public GatewayConfig(Identity gateway, Sealing sealing, Clock clock, List<SensorConfig> sensors) {
        this(gateway, sealing, clock, sensors, Coap.DEFAULT, Map.of());
    }

    /**
     * The CoAP side (docs/COAP.md). The server runs when an active sensor pushes or plain CoAP is
     * configured: DTLS on {@code dtlsAddress:dtlsPort}; plain CoAP only on {@code plainAddress}
     * (empty: off), which config allows only on loopback or inside {@code labNetwork}.
     *
     * @param maxPayload largest SenML pack accepted, in bytes, block-wise transfer included
     * @param burst      packs a sensor may send back to back before its rate limit applies
     */
    public record Coap(String dtlsAddress, int dtlsPort, String plainAddress, int plainPort, String labNetwork,
                       int maxPayload, int burst) {

        public static final Coap DEFAULT = new Coap("::", 5684, "", 5683, "", 16_384, 10);

        public boolean plainEnabled() {
            return !plainAddress.isEmpty();
        }
    }

    /**
     * The {@code mqtt:} section (docs/TRANSPORT.md §7): how to reach the city's broker. Paths are
     * resolved against the data directory already.
     *
     * @param clientId empty for the gateway id
     */
    public record Mqtt(List<java.net.URI> servers, String clientId, Duration sessionExpiry, Duration keepAlive,
                       Optional<String> username, Optional<String> password, Optional<Tls> tls, Duration reconnectInitial,
                       Duration reconnectMax, double reconnectJitter, int inFlightWindow, int inboundWindow,
                       Duration connectTimeout, int maxPacketSize) {

        public Mqtt {
            servers = List.copyOf(servers);
        }

        @Override
        public String toString() {
            return "Mqtt[servers=" + servers + ", clientId=" + clientId + ", username=" + username.orElse("-")
                    + ", password=" + (password.isPresent() ? "***" : "-") + ", tls=" + tls + "]";
        }
    }

    /**
     * TLS files; the client certificate and key are used only when both exist, unless they were
     * given explicitly ({@code clientExplicit}), in which case they must.
     */
    public record Tls(Path caCert, Path clientCert, Path clientKey, boolean clientExplicit) {
    }

    /**
     * The {@code anchor:} section (docs/ANCHOR.md).
     *
     * @param every          anchor at least this often while blocks are being sealed
     * @param blocks         or as soon as this many blocks are unanchored
     * @param replayRate     most blocks per second published as telemetry (a backlog after an outage is paced by it)
     * @param receiptTimeout publish the outstanding anchor again when no receipt came this long after the broker took it
     * @param nodeKeys       node key files or directories of them
     */
    public record Anchoring(String city, Duration every, int blocks, int replayRate, Duration receiptTimeout, List<Path> nodeKeys) {

        public static final Anchoring DEFAULT = new Anchoring("", Duration.ofMinutes(5), 256, 50, Duration.ofSeconds(30), List.of());

        public Anchoring {
            nodeKeys = List.copyOf(nodeKeys);
        }
    }

    /** The sensors the agent samples: retired ones stay in the registry but are never read. */
    public List<SensorConfig> activeSensors() {
        return sensors.stream().filter(s -> s.status() == SensorConfig.Status.ACTIVE).toList();
    }

    /**
     * Who this gateway is in the chain.
     *
     * @param id      the gateway's identification code, same prefix/suffix scheme as sensors
     * @param suite   the signature and hash suite new keys and blocks use
     * @param dataDir where the block store and key live
     */
    public record Identity(String id, CryptoSuite suite, Path dataDir) {
    }

    /** When the batcher seals a block: every {@code maxReadings} readings or {@code maxAge}, whichever first. */
    public record Sealing(int maxReadings, Duration maxAge, int queueCapacity) {

        public SealPolicy policy() {
            return new SealPolicy(maxReadings, maxAge, queueCapacity);
        }
    }

    /** Where the agent learns whether the wall clock is synchronised, for each reading's clock quality. */
    public record Clock(Source source) {

        public enum Source {
            /** timedatectl's NTPSynchronized (systemd-timesyncd or chrony under systemd). */
            SYSTEMD,
            /** adjtimex(2): the kernel's STA_UNSYNC flag, whoever disciplines the clock. */
            KERNEL,
            /** No source: every reading is marked unsynced. */
            NONE
        }
    }
}
