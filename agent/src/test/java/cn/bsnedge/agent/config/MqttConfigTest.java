package cn.bsnedge.agent.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mqtt: and anchor: sections: defaults, paths against the data directory, and the errors an engineer would make. */
class MqttConfigTest {

    private static final String HEAD = "gateway: {id: 88.1001.31/GW-0001, dataDir: /var/lib/bsn-edge}\n";

    @Test
    void noMqttSection_anchoringOff() throws Exception {
        GatewayConfig c = ConfigLoader.parse("g.yaml", HEAD);
        assertTrue(c.mqtt().isEmpty());
    }

    @Test
    void mqttAndAnchor_defaultsAndResolvedPaths() throws Exception {
        GatewayConfig c = ConfigLoader.parse("g.yaml", HEAD + """
                mqtt:
                  servers: ssl://broker.city.example:8883
                  tls: {caCert: /etc/bsn-edge/ca.pem}
                  sessionExpiry: 14d
                anchor:
                  city: shanghai
                  blocks: 100
                  nodeKeys: [trust, /etc/bsn-edge/node.json]
                """);
        GatewayConfig.Mqtt m = c.mqtt().orElseThrow();
        assertEquals(List.of(URI.create("ssl://broker.city.example:8883")), m.servers());
        assertEquals(Duration.ofDays(14), m.sessionExpiry());
        assertEquals(Duration.ofSeconds(30), m.keepAlive());
        assertEquals(Path.of("/var/lib/bsn-edge/keys/mqtt-client.key"), m.tls().orElseThrow().clientKey());
        assertEquals("shanghai", c.anchor().city());
        assertEquals(100, c.anchor().blocks());
        assertEquals(Duration.ofMinutes(5), c.anchor().every());
        assertEquals(List.of(Path.of("/var/lib/bsn-edge/trust"), Path.of("/etc/bsn-edge/node.json")), c.anchor().nodeKeys());
    }

    @Test
    void mistakes_areReportedWithTheirKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("g.yaml", HEAD + """
                mqtt:
                  servers: [ssl://broker:8883, http://x]
                  password: secret
                anchor:
                  city: Shang Hai
                  evry: 5m
                """));
        String all = e.problems().toString();
        assertTrue(all.contains("mqtt.servers[1]"), all);
        assertTrue(all.contains("TLS but mqtt.tls.caCert is not set"), all);
        assertTrue(all.contains("without mqtt.username"), all);
        assertTrue(all.contains("anchor.city"), all);
        assertTrue(all.contains("did you mean `every`"), all);
        ConfigException alone = assertThrows(ConfigException.class, () -> ConfigLoader.parse("g.yaml", HEAD + "anchor: {city: x}\n"));
        assertTrue(alone.problems().toString().contains("needs an mqtt: section"), alone.problems().toString());
        ConfigException noCity = assertThrows(ConfigException.class, () -> ConfigLoader.parse("g.yaml", HEAD + "mqtt: {servers: tcp://b:1883}\n"));
        assertTrue(noCity.problems().toString().contains("anchor.city"), noCity.problems().toString());
    }
}
