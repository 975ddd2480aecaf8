package cn.bsnedge.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoapConfigTest {

    private static final String HEAD = "gateway: {id: 88.1001.31/GW-0001}\n";

    private static List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("gateway.yaml", yaml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void plainCoap_onAPublicOrWildcardAddress_isRefusedWithTheRule() {
        assertEquals(List.of("gateway.yaml:2 coap.plain.address: '203.0.113.7' is not a loopback address; plain CoAP has no"
                        + " authentication, so it listens only on loopback, or on an address inside coap.plain.labNetwork (a private lab network you name)"),
                problems(HEAD + "coap: {plain: {address: 203.0.113.7}}\n"));
        assertTrue(problems(HEAD + "coap: {plain: {address: 0.0.0.0}}\n").getFirst().contains("is every interface"));
        assertTrue(problems(HEAD + "coap: {plain: {address: 192.168.8.5, labNetwork: 192.168.7.0/24}}\n").getFirst()
                .contains("is outside coap.plain.labNetwork 192.168.7.0/24"));
        assertTrue(problems(HEAD + "coap: {plain: {address: 8.8.8.8, labNetwork: 8.8.8.0/24}}\n").getFirst()
                .contains("coap.plain.labNetwork: '8.8.8.0/24' is not a private network"));
        assertTrue(problems(HEAD + "coap: {plain: {address: example.org}}\n").getFirst().contains("is not an IP address"));
    }

    @Test
    void plainCoap_onLoopbackOrInsideAPrivateLabNetwork_isAllowed() throws Exception {
        assertTrue(ConfigLoader.parse("g", HEAD + "coap: {plain: {address: 127.0.0.1}}\n").coap().plainEnabled());
        assertTrue(ConfigLoader.parse("g", HEAD + "coap: {plain: {address: '::1'}}\n").coap().plainEnabled());
        assertEquals("fd00:7::5", ConfigLoader.parse("g", HEAD + "coap: {plain: {address: 'fd00:7::5', labNetwork: 'fd00:7::/64'}}\n")
                .coap().plainAddress());
        assertFalse(ConfigLoader.parse("g", HEAD).coap().plainEnabled(), "off by default");
    }

    @Test
    void coapSensors_modeAndUriMustFit_andOnlyPollIsSampled() throws Exception {
        assertTrue(problems(HEAD + "sensors:\n  - {code: 88.1001.31/T-1, driver: coap, uri: 'coap://[fd00::12]/temp'}\n")
                .getFirst().contains("a push sensor sends its readings, so it has no uri"));
        assertTrue(problems(HEAD + "sensors:\n  - {code: 88.1001.31/T-1, driver: coap, options: {mode: poll}}\n")
                .getFirst().contains("missing; mode poll reads a resource"));
        assertTrue(problems(HEAD + "sensors:\n  - {code: 88.1001.31/T-1, driver: coap, uri: 'http://x/t', options: {mode: poll}}\n")
                .getFirst().contains("is not a coap:// resource URI"));
        assertTrue(problems(HEAD + "sensors:\n  - {code: 88.1001.31/T-1, driver: coap, pin: 4}\n")
                .getFirst().contains("takes uri, not pin"));
        GatewayConfig c = ConfigLoader.parse("g", HEAD + "sensors:\n"
                + "  - {code: 88.1001.31/T-1, driver: coap}\n"
                + "  - {code: 88.1001.31/T-2, driver: coap, uri: 'coap://[fd00::12]/temp', options: {mode: poll, quantity: temperature, unit: Cel}}\n"
                + "  - {code: 88.1001.31/T-3, driver: coap, uri: 'coap://[fd00::13]/temp', options: {mode: observe}}\n");
        assertEquals(List.of(false, true, false), c.sensors().stream().map(SensorConfig::sampled).toList());
        assertEquals(List.of("push:coap", "coap://[fd00::12]/temp"), c.sensors().subList(0, 2).stream()
                .map(s -> cn.bsnedge.agent.registry.SensorDeclaration.of(s).wiring()).toList());
    }
}
