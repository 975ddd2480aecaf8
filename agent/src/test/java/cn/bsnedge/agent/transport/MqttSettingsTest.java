package cn.bsnedge.agent.transport;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttSettingsTest {

    private static final List<URI> TCP = List.of(URI.create("tcp://broker.city.example:1883"));

    private static String refused(Runnable make) {
        return assertThrows(IllegalArgumentException.class, make::run).getMessage();
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        MqttSettings s = MqttSettings.defaults(TCP, "88.1001.31/GW-0001");
        assertEquals(Duration.ofDays(7), s.sessionExpiry(), "PROTOCOL.md 2.3: at least 7 days for gateways");
        assertEquals(268_435_455, s.maxPacketSize());
        assertEquals(Duration.ofSeconds(30), s.keepAlive());
        assertEquals(64, s.inFlightWindow());
        assertEquals(32, s.inboundWindow());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Backoff.DEFAULT, s.backoff());
        assertTrue(s.tls().isEmpty() && s.username().isEmpty() && s.password().isEmpty());
    }

    @Test
    void servers_badOnes_areNamedByIndexWithTheFix() {
        assertTrue(refused(() -> MqttSettings.defaults(List.of(), "gw")).startsWith("mqtt.servers: empty"));
        assertTrue(refused(() -> MqttSettings.defaults(List.of(URI.create("mqtt://b:1883")), "gw"))
                .contains("mqtt.servers[0]: mqtt://b:1883 must start with tcp:// or ssl://"));
        assertTrue(refused(() -> MqttSettings.defaults(List.of(URI.create("tcp://b")), "gw")).contains("needs a host and a port"));
        assertTrue(refused(() -> MqttSettings.defaults(List.of(URI.create("tcp://b:1883/x")), "gw")).contains("path"));
        assertTrue(refused(() -> MqttSettings.defaults(List.of(TCP.getFirst(), URI.create("ssl://b:8883")), "gw"))
                .contains("mqtt.servers[1]: ssl://b:8883 is TLS but mqtt.tls is not set"));
        Optional<TlsFiles> tls = Optional.of(TlsFiles.serverOnly(Path.of("/etc/bsn-edge/ca.pem")));
        assertTrue(refused(() -> MqttSettings.defaults(TCP, "gw", tls)).contains("is plain TCP but mqtt.tls is set; use ssl://"));
        assertEquals(tls, MqttSettings.defaults(List.of(URI.create("ssl://b:8883")), "gw", tls).tls());
    }

    @Test
    void numbers_outOfRange_sayTheKeyAndTheRange() {
        MqttSettings s = MqttSettings.defaults(TCP, "gw");
        assertTrue(refused(() -> s.withInFlightWindow(0)).contains("mqtt.inFlightWindow: 0 is outside 1..65535"));
        assertTrue(refused(() -> s.withConnectTimeout(Duration.ofMillis(500))).contains("mqtt.connectTimeout"));
        assertTrue(refused(() -> new MqttSettings(TCP, "gw", Duration.ofMillis(1500), s.keepAlive(), Optional.empty(),
                Optional.empty(), Optional.empty(), s.backoff(), 1, 1, s.connectTimeout(), 2048))
                .contains("mqtt.sessionExpiry: PT1.5S must be whole seconds"));
        assertTrue(refused(() -> new MqttSettings(TCP, "gw", s.sessionExpiry(), Duration.ofSeconds(70_000), Optional.empty(),
                Optional.empty(), Optional.empty(), s.backoff(), 1, 1, s.connectTimeout(), 2048)).contains("mqtt.keepAlive"));
        assertTrue(refused(() -> MqttSettings.defaults(TCP, "")).contains("mqtt.clientId"));
        assertTrue(refused(() -> s.withMaxPacketSize(100)).contains("mqtt.maxPacketSize: 100 is outside 128..268435455"));
    }

    @Test
    void credentials_passwordNeedsAUser_andNeverShowsInToString() {
        assertTrue(refused(() -> new MqttSettings(TCP, "gw", Duration.ofDays(1), Duration.ofSeconds(30), Optional.empty(),
                Optional.of("pw"), Optional.empty(), Backoff.DEFAULT, 1, 1, Duration.ofSeconds(10), 2048))
                .contains("mqtt.password is set without mqtt.username"));
        MqttSettings s = MqttSettings.defaults(TCP, "gw").withCredentials("gw-0001", "hunter2");
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(s.toString().contains("gw-0001"));
    }

    @Test
    void tlsFiles_certAndKeyGoTogether() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TlsFiles(Path.of("ca.pem"),
                Optional.of(Path.of("gw.pem")), Optional.empty())).getMessage().contains("got only clientCert"));
    }

    @Test
    void publishOptions_responseEchoesCorrelationWithoutResponseTopic_andArraysAreCopied() {
        PublishOptions answer = PublishOptions.response(new byte[] {7});
        assertTrue(answer.responseTopic().isEmpty(), "a response carries the request's correlation data and no topic of its own");
        assertEquals(7, answer.correlationData().orElseThrow()[0]);
        byte[] corr = {1, 2, 3};
        PublishOptions o = PublishOptions.PLAIN.withResponse("r", corr);
        corr[0] = 9;
        assertEquals(1, o.correlationData().orElseThrow()[0], "the options keep their own copy");
        o.correlationData().orElseThrow()[1] = 9;
        assertEquals(2, o.correlationData().orElseThrow()[1], "callers get a copy");
    }
}
