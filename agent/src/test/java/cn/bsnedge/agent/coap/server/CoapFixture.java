package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.PskStore;
import cn.bsnedge.agent.pipeline.PushIntake;
import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway CoAP server on loopback with free ports, over a real {@link PushIntake} whose sink
 * records what would be sealed, and Californium clients (plain, or DTLS with a given PSK).
 */
final class CoapFixture implements AutoCloseable {

    static final SensorCode TMP = SensorCode.of("88.1001.31/TMP-0001");
    static final SensorCode HUM = SensorCode.of("88.1001.31/HUM-0002");
    static final SensorCode WIRED = SensorCode.of("88.1001.31/LVL-0003");
    static final byte[] TMP_KEY = "tmp-0001-secret-key!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] HUM_KEY = "hum-0002-secret-key!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    final List<Reading> sealed = new CopyOnWriteArrayList<>();
    final Map<SensorCode, Standing> registry = new ConcurrentHashMap<>(Map.of(
            TMP, new Standing(Standing.Status.ACTIVE, true, 1),
            HUM, new Standing(Standing.Status.ACTIVE, true, 1),
            WIRED, new Standing(Standing.Status.ACTIVE, false, 1)));
    volatile int room = 10_000;
    final PushIntake intake;
    final PskStore keys;
    final CoapGatewayServer server;
    private final List<CoapClient> clients = new CopyOnWriteArrayList<>();
    private final List<CoapEndpoint> endpoints = new CopyOnWriteArrayList<>();

    CoapFixture(Path data, boolean plain, int maxPayload, int burst) throws Exception {
        this(data, plain, maxPayload, burst, System::nanoTime);
    }

    /** @param ticker the server's monotonic time (the push rate limit's); tests of the limit freeze it */
    CoapFixture(Path data, boolean plain, int maxPayload, int burst, cn.bsnedge.agent.time.Ticker ticker) throws Exception {
        intake = new PushIntake(sealed::add, c -> registry.getOrDefault(c, Standing.UNKNOWN), c -> 1, () -> room,
                InstantSource.fixed(NOW), () -> ClockQuality.SYNCED, m -> { });
        keys = new PskStore(data, new SecureRandom());
        keys.set(TMP, TMP_KEY);
        keys.set(HUM, HUM_KEY);
        InetSocketAddress loop = new InetSocketAddress("127.0.0.1", 0);
        server = new CoapGatewayServer(new CoapGatewayServer.Listen(loop, plain ? loop : null, maxPayload, burst), intake, keys,
                Map.of(TMP, Duration.ofSeconds(1), HUM, Duration.ofSeconds(1)),
                () -> new CoapStatus("88.1001.31/GW-0001", sealed.size(), "none", "synced", List.of()),
                ticker, m -> { });
        server.start();
    }

    String plainUri(String path) {
        return "coap://127.0.0.1:" + server.plainAddress().orElseThrow().getPort() + "/" + path;
    }

    String dtlsUri(String path) {
        return "coaps://127.0.0.1:" + server.dtlsAddress().getPort() + "/" + path;
    }

    CoapClient plainClient(String path) {
        return plainClientTo(server.plainAddress().orElseThrow().getPort(), path);
    }

    /** A plain CoAP client on an endpoint of its own (Californium's default endpoint is a static one that outlives tests). */
    CoapClient plainClientTo(int port, String path) {
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(CoapGatewayServer.configuration(16_384))
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        endpoints.add(ep);
        CoapClient c = new CoapClient("coap://127.0.0.1:" + port + "/" + path);
        c.setEndpoint(ep);
        c.setTimeout(15_000L); // a liveness bound: the first DTLS handshake on a cold, loaded JVM can take seconds
        clients.add(c);
        return c;
    }

    /** A DTLS client presenting {@code identity} with {@code key}. */
    CoapClient dtlsClient(String path, String identity, byte[] key) {
        Configuration config = CoapGatewayServer.configuration(16_384);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key));
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(b.build())).build();
        endpoints.add(ep);
        CoapClient c = new CoapClient(dtlsUri(path));
        c.setEndpoint(ep);
        c.setTimeout(15_000L); // a liveness bound: the first DTLS handshake on a cold, loaded JVM can take seconds
        clients.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(CoapClient::shutdown);
        endpoints.forEach(CoapEndpoint::destroy);
        server.close();
    }
}
