package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.PskStore;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway's CoAP server (Californium): {@code POST /readings} for pushing sensors,
 * observable {@code GET /status}, and {@code /.well-known/core} (RFC 6690), which Californium
 * serves from the resources' attributes. It listens with DTLS 1.2 PSK (Scandium) and, only when
 * configured, with plain CoAP. Nothing outside {@code cn.bsnedge.agent.coap} sees Californium.
 *
 * <p><b>Threads.</b> {@link #start()} starts Californium's protocol stage, one UDP receiver and
 * sender per endpoint, Scandium's handshake threads, and {@code bsn-coap-status}, which takes a
 * status snapshot every second and notifies observers when it changed. {@link #close()} stops
 * and destroys all of them and returns once they are gone.
 */
public final class CoapGatewayServer implements AutoCloseable {

    /** Where and how to listen. {@code plain} is null when plain CoAP is off. */
    public record Listen(InetSocketAddress dtls, InetSocketAddress plain, int maxPayload, int burst) {
    }

    /**
     * PSK cipher suites offered: AEAD only (Scandium's recommended set). CCM_8 is RFC 7925's
     * mandatory suite for constrained devices; GCM is what OpenSSL-based clients prefer.
     */
    static final List<CipherSuite> SUITES = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256);

    private final CoapServer server;
    private final Endpoint dtls;
    private final Endpoint plain;
    private final StatusResource status;
    private final ReadingsResource readings;
    private final PushRateLimit rateLimit;
    private final AtomicReference<Map<SensorCode, Duration>> pushers;
    private final ScheduledExecutorService refresher;

    /**
     * @param pushers sensors that may push, with their declared intervals; replace with {@link #declare}
     */
    public CoapGatewayServer(Listen listen, PushedReadings intake, PskStore keys, Map<SensorCode, Duration> pushers,
                             Supplier<CoapStatus> status, Ticker ticker, Consumer<String> log) {
        this.pushers = new AtomicReference<>(Map.copyOf(pushers));
        Configuration config = configuration(listen.maxPayload());
        this.server = new CoapServer(config);
        this.rateLimit = new PushRateLimit(ticker, listen.burst());
        this.readings = new ReadingsResource(intake, this::pushInterval, rateLimit, listen.maxPayload());
        this.status = new StatusResource(status);
        server.add(readings, this.status);

        DtlsConnectorConfig dtlsConfig = DtlsConnectorConfig.builder(config)
                .setAddress(listen.dtls())
                .setAdvancedPskStore(new SensorPsks(keys, code -> this.pushers.get().containsKey(code), log))
                .setLoggingTag("bsn-coaps")
                .build();
        this.dtls = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtlsConfig)).build();
        server.addEndpoint(dtls);
        if (listen.plain() != null) {
            this.plain = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(listen.plain()).build();
            server.addEndpoint(plain);
        } else {
            this.plain = null;
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bsn-coap-status").daemon(true).factory());
    }

    /** Californium's settings from code, never from a Californium.properties file. */
    public static Configuration configuration(int maxPayload) {
        Configuration c = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxPayload);   // larger block-wise bodies: 4.13 (RFC 7959 §2.9.3)
        c.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        c.set(CoapConfig.MAX_ACTIVE_PEERS, 10_000);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, SUITES);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 10_000);
        return c;
    }

    private Optional<Duration> pushInterval(SensorCode code) {
        return Optional.ofNullable(pushers.get().get(code));
    }

    /** Replaces the sensors that may push (after a config change); a removed one's next handshake fails. */
    public void declare(Map<SensorCode, Duration> next) {
        pushers.set(Map.copyOf(next));
        rateLimit.retain(next.keySet());
    }

    public void start() {
        server.start();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                status.refresh();
            } catch (RuntimeException e) {
                // the next tick tries again; status is a view and must not stop anything
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** The DTLS endpoint's bound address (its port, when 0 was asked for). */
    public InetSocketAddress dtlsAddress() {
        return dtls.getAddress();
    }

    /** The plain endpoint's bound address, when plain CoAP is on. */
    public Optional<InetSocketAddress> plainAddress() {
        return Optional.ofNullable(plain).map(Endpoint::getAddress);
    }

    /** Readings accepted and requests refused since start. */
    public Map<String, Long> counters() {
        return readings.counters();
    }

    /** Clients observing {@code /status} now. */
    public int statusObservers() {
        return status.getObserverCount();
    }

    /** Takes a status snapshot now and notifies observers if it changed (also done every second). */
    public void refreshStatus() {
        status.refresh();
    }

    @Override
    public void close() throws InterruptedException {
        refresher.shutdownNow();
        server.destroy(); // stops endpoints, their connectors and Californium's executors
        refresher.awaitTermination(5, TimeUnit.SECONDS);
    }
}
