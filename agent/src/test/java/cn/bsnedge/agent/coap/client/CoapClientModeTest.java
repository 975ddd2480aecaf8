package cn.bsnedge.agent.coap.client;

import cn.bsnedge.agent.coap.server.CoapGatewayServer;
import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.pipeline.PushIntake;
import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway as a CoAP client of a sensor's resource: polled by the sampler, or observed. */
@ExtendWith(NoThreadsLeft.class)
class CoapClientModeTest {

    static final SensorCode T = SensorCode.of("88.1001.31/TMP-0201");

    /** A sensor's resource: its representation can be changed, and observers are notified. */
    static final class SensorResource extends CoapResource {
        volatile String body;
        volatile int format;

        SensorResource(String name, String body, int format) {
            super(name);
            this.body = body;
            this.format = format;
            setObservable(true);
        }

        void set(String b) {
            body = b;
            changed();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, body, format);
        }
    }

    private CoapServer sensor;
    private int port;
    private final SensorResource text = new SensorResource("temp", "21.50", MediaTypeRegistry.TEXT_PLAIN);
    private final SensorResource senml = new SensorResource("senml",
            "[{\"bn\":\"88.1001.31/TMP-0201/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":19.25}]", MediaTypeRegistry.APPLICATION_SENML_JSON);

    @BeforeEach
    void start() {
        sensor = new CoapServer(CoapGatewayServer.configuration(16_384));
        sensor.addEndpoint(new CoapEndpoint.Builder().setConfiguration(CoapGatewayServer.configuration(16_384))
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        sensor.add(text, senml);
        sensor.start();
        port = sensor.getEndpoints().getFirst().getAddress().getPort();
    }

    @AfterEach
    void stop() {
        sensor.destroy();
    }

    private URI uri(String path) {
        return URI.create("coap://127.0.0.1:" + port + "/" + path);
    }

    @Test
    void poll_textPlain_usesTheConfiguredQuantityAndUnit_senmlNamesItsOwn() throws Exception {
        try (CoapPollDriver d = new CoapPollDriver(T, uri("temp"), "temperature", "Cel", CoapGatewayServer.configuration(16_384))) {
            assertEquals(List.of(new Measurement("temperature", "Cel", new BigDecimal("21.50"))), d.read());
        }
        try (CoapPollDriver d = new CoapPollDriver(T, uri("senml"), "", "", CoapGatewayServer.configuration(16_384))) {
            assertEquals(List.of(new Measurement("temperature", "Cel", new BigDecimal("19.25"))), d.read());
            senml.body = "[{\"bn\":\"88.1001.31/TMP-9999/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1}]";
            SensorException e = assertThrows(SensorException.class, d::read);
            assertTrue(e.getMessage().contains("name sensor 88.1001.31/TMP-9999, not 88.1001.31/TMP-0201"), e.getMessage());
        }
        try (CoapPollDriver d = new CoapPollDriver(T, uri("nothing"), "temperature", "Cel", CoapGatewayServer.configuration(16_384))) {
            SensorException e = assertThrows(SensorException.class, d::read);
            assertTrue(e.getMessage().contains("4.04"), e.getMessage());
        }
    }

    @Test
    void observe_notificationsArePushed_andASilentRelationIsRegisteredAgain() throws Exception {
        List<Reading> sealed = new CopyOnWriteArrayList<>();
        PushIntake intake = new PushIntake(sealed::add, c -> new Standing(Standing.Status.ACTIVE, true, 1), c -> 1, () -> 100,
                InstantSource.fixed(Instant.parse("2026-03-01T08:00:00Z")), () -> ClockQuality.SYNCED, m -> { });
        AtomicLong now = new AtomicLong();
        try (CoapObserver o = new CoapObserver(T, uri("temp"), "temperature", "Cel", Duration.ofMinutes(5), intake,
                CoapGatewayServer.configuration(16_384), now::get, m -> { })) {
            o.register();
            waitFor(() -> sealed.size() == 1);
            text.set("22.00");
            waitFor(() -> sealed.size() == 2);
            assertEquals(List.of(2L, 3L), sealed.stream().map(Reading::seq).toList());
            assertEquals("22.00", sealed.get(1).value().text());

            o.check();
            assertEquals(1, o.registrations(), "heard from recently: nothing to do");
            now.addAndGet(Duration.ofMinutes(6).toNanos());
            o.check();
            assertEquals(2, o.registrations(), "silent for longer than reregister: registered again");
            waitFor(() -> sealed.size() == 3); // a fresh registration brings the current state
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
