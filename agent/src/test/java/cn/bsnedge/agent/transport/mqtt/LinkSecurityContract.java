package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.TlsFiles;
import cn.bsnedge.agent.transport.TransportException.Reason;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.TestBroker;
import cn.bsnedge.agent.transport.broker.TestCa;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may connect: TLS 1.3 with mutual authentication against a CA made for the test, user name
 * and password, and the gateway's birth and death messages.
 */
abstract class LinkSecurityContract extends LinkTestSupport {

    private record Pki(TestCa ca, TestCa.Issued server, TestCa.Issued gateway) {
    }

    private Pki pki(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestCa ca = TestCa.create("city-ca", dir);
        return new Pki(ca, ca.server("broker"), ca.client("gw-0001"));
    }

    private TestBroker mutualTlsBroker(Pki pki) throws Exception {
        return broker(BrokerOptions.tls(new BrokerOptions.Tls(pki.ca().certFile(), pki.server().cert(), pki.server().key(), true)));
    }

    private static MqttSettings tlsSettings(TestBroker broker, String clientId, TlsFiles tls) {
        return MqttSettings.defaults(List.of(broker.uri()), clientId, Optional.of(tls)).withBackoff(FAST)
                .withConnectTimeout(java.time.Duration.ofSeconds(5));
    }

    @Test
    void mutualTls13_withTheCitysCa_connectsAndPublishes() throws Exception {
        Pki pki = pki(tmp.resolve("pki"));
        TestBroker broker = mutualTlsBroker(pki);
        TlsFiles gwTls = TlsFiles.mutual(pki.ca().certFile(), pki.gateway().cert(), pki.gateway().key());
        TestCa.Issued city = pki.ca().client("city");
        PahoMqttLink cityLink = connected(tlsSettings(broker, clientId("city"),
                TlsFiles.mutual(pki.ca().certFile(), city.cert(), city.key())), new StateRecorder());
        Inbox inbox = new Inbox();
        cityLink.subscribe("bsn/x/gw/+/blocks", inbox).toCompletableFuture().get(20, TimeUnit.SECONDS);

        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = connected(tlsSettings(broker, clientId("gw"), gwTls), states);
        gw.publish("bsn/x/gw/g1/blocks", "sealed".getBytes(StandardCharsets.UTF_8), PublishOptions.PLAIN)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertEquals("sealed", Inbox.text(inbox.take()));
        assertTrue(states.await(LinkState.Connected.class).serverUri().startsWith("ssl://"));
    }

    @Test
    void brokerCertificateFromAnotherCa_refusedByTheLink() throws Exception {
        Pki pki = pki(tmp.resolve("pki"));
        TestBroker broker = mutualTlsBroker(pki);
        TestCa rogue = TestCa.create("rogue-ca", Files.createDirectories(tmp.resolve("rogue")));
        // We trust only the rogue CA: the genuine broker must then be refused, which is what a
        // man in the middle with a certificate from a CA we do not trust looks like to the link.
        TlsFiles trustsRogue = TlsFiles.mutual(rogue.certFile(), pki.gateway().cert(), pki.gateway().key());
        StateRecorder states = new StateRecorder();
        link(tlsSettings(broker, clientId("gw"), trustsRogue), Optional.empty(), states).start();

        LinkState.Disconnected refused = states.await(LinkState.Disconnected.class);
        assertEquals(Reason.CONNECT_FAILED, refused.cause().reason());
        assertTrue(refused.cause().getMessage().contains("does not chain to mqtt.tls.caCert"), refused.cause().getMessage());
        assertEquals(0, states.count(LinkState.Connected.class));
    }

    @Test
    void clientWithoutCertificate_refusedByTheBroker() throws Exception {
        Pki pki = pki(tmp.resolve("pki"));
        TestBroker broker = mutualTlsBroker(pki);
        StateRecorder states = new StateRecorder();
        link(tlsSettings(broker, clientId("gw"), TlsFiles.serverOnly(pki.ca().certFile())), Optional.empty(), states).start();

        LinkState.Disconnected refused = states.await(LinkState.Disconnected.class);
        assertEquals(Reason.CONNECT_FAILED, refused.cause().reason());
        assertTrue(refused.cause().getMessage().contains("client certificate"), refused.cause().getMessage());
        states.await(LinkState.Disconnected.class, 2); // it keeps trying, and keeps being refused
        assertEquals(0, states.count(LinkState.Connected.class));
    }

    @Test
    void clientCertificateFromAnotherCa_refusedByTheBroker() throws Exception {
        Pki pki = pki(tmp.resolve("pki"));
        TestBroker broker = mutualTlsBroker(pki);
        TestCa rogue = TestCa.create("rogue-ca", Files.createDirectories(tmp.resolve("rogue")));
        TestCa.Issued forged = rogue.client("gw-0001");
        StateRecorder states = new StateRecorder();
        link(tlsSettings(broker, clientId("gw"), TlsFiles.mutual(pki.ca().certFile(), forged.cert(), forged.key())),
                Optional.empty(), states).start();

        LinkState.Disconnected refused = states.await(LinkState.Disconnected.class);
        assertEquals(Reason.CONNECT_FAILED, refused.cause().reason());
        assertTrue(refused.cause().getMessage().contains("client certificate"), refused.cause().getMessage());
        assertEquals(0, states.count(LinkState.Connected.class));
    }

    @Test
    void password_wrongRefused_rightAccepted() throws Exception {
        TestBroker broker = broker(BrokerOptions.users(Map.of("gw-0001", "s3cret")));
        StateRecorder wrong = new StateRecorder();
        link(settings(broker.uri(), clientId("gw")).withCredentials("gw-0001", "guess"), Optional.empty(), wrong).start();
        StateRecorder anonymous = new StateRecorder();
        link(settings(broker.uri(), clientId("anon")), Optional.empty(), anonymous).start();

        LinkState.Disconnected refused = wrong.await(LinkState.Disconnected.class);
        assertEquals(Reason.CONNECT_REFUSED, refused.cause().reason(), refused.cause().getMessage());
        assertEquals(Reason.CONNECT_REFUSED, anonymous.await(LinkState.Disconnected.class).cause().reason());
        assertFalse(refused.cause().getMessage().contains("guess"), "the password must not appear in messages");
        connected(settings(broker.uri(), clientId("gw")).withCredentials("gw-0001", "s3cret"), new StateRecorder());
    }

    @Test
    void presence_birthRetainedOnConnect_deathOnClose() throws Exception {
        TestBroker broker = broker(BrokerOptions.PLAIN);
        PahoMqttLink city = connected(settings(broker.uri(), clientId("city")), new StateRecorder());
        Inbox inbox = new Inbox();
        city.subscribe("bsn/x/gw/g1/+", inbox).toCompletableFuture().get(20, TimeUnit.SECONDS);
        Presence presence = new Presence("bsn/x/gw/g1/birth", () -> "online head=42".getBytes(StandardCharsets.UTF_8),
                "bsn/x/gw/g1/death", () -> "offline".getBytes(StandardCharsets.UTF_8));
        StateRecorder states = new StateRecorder();
        PahoMqttLink gw = link(settings(broker.uri(), clientId("gw")), Optional.of(presence), states);
        gw.start();
        states.await(LinkState.Connected.class);

        var birth = inbox.take();
        assertEquals("bsn/x/gw/g1/birth", birth.topic());
        assertEquals("online head=42", Inbox.text(birth), "birth comes before Connected is reported");
        gw.close();
        var death = inbox.take();
        assertEquals("bsn/x/gw/g1/death", death.topic(), "close asks the broker to publish the Will");
        assertEquals("offline", Inbox.text(death));
        Inbox late = new Inbox();
        city.subscribe("bsn/x/gw/+/death", late).toCompletableFuture().get(20, TimeUnit.SECONDS);
        var retained = late.take();
        assertEquals("offline", Inbox.text(retained));
        assertTrue(retained.retained(), "a late subscriber sees the retained death");
    }
}
