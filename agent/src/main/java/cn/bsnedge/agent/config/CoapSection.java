package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.Setting.IntSetting;
import cn.bsnedge.agent.config.Setting.TextSetting;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The {@code coap:} section of gateway.yaml and the checks on {@code coap} sensors. Plain
 * (unencrypted, unauthenticated) CoAP is refused on any address a stranger could reach: only
 * loopback, or an address inside a configured private lab network, may carry it.
 */
public final class CoapSection {

    static final TextSetting DTLS_ADDRESS = new TextSetting("coap.dtls.address",
            "Address the DTLS (coaps) server listens on; :: is every interface.", "::", "an IP address (no host names)",
            CoapSection::addressProblem);
    static final IntSetting DTLS_PORT = IntSetting.of("coap.dtls.port",
            "UDP port of the DTLS server (5684 is coaps' registered port).", 5684, 1, 65535);
    static final TextSetting PLAIN_ADDRESS = new TextSetting("coap.plain.address",
            "Address for plain, unauthenticated CoAP; empty = off. Only a loopback address or one inside coap.plain.labNetwork.",
            "", "empty, or a loopback or lab-network IP address", v -> v.isEmpty() ? null : addressProblem(v));
    static final IntSetting PLAIN_PORT = IntSetting.of("coap.plain.port",
            "UDP port of plain CoAP.", 5683, 1, 65535);
    static final TextSetting LAB_NETWORK = new TextSetting("coap.plain.labNetwork",
            "A private network (RFC 1918, IPv6 ULA or link-local) where plain CoAP may listen, e.g. a bench lab.",
            "", "empty, or a private CIDR, e.g. 192.168.7.0/24 or fd00:7::/64", v -> v.isEmpty() ? null : cidrProblem(v));
    static final IntSetting MAX_PAYLOAD = IntSetting.of("coap.maxPayload",
            "Largest SenML pack accepted, in bytes, block-wise transfer included; larger gets 4.13.", 16_384, 256, 1_048_576);
    static final IntSetting BURST = IntSetting.of("coap.burst",
            "Packs a sensor may send back to back; beyond that it may send two per interval on average, else 4.29.", 10, 1, 1000);

    static final List<Setting<?>> SETTINGS = List.of(DTLS_ADDRESS, DTLS_PORT, PLAIN_ADDRESS, PLAIN_PORT, LAB_NETWORK,
            MAX_PAYLOAD, BURST);

    private CoapSection() {
    }

    static GatewayConfig.Coap read(YamlMap coap, Problems problems) {
        coap.rejectUnknown(List.of("dtls", "plain", "maxPayload", "burst"), "");
        YamlMap dtls = coap.section("dtls");
        dtls.rejectUnknown(List.of("address", "port"), "");
        YamlMap plain = coap.section("plain");
        plain.rejectUnknown(List.of("address", "port", "labNetwork"), "");
        String dtlsAddress = dtls.get("address", DTLS_ADDRESS);
        Integer dtlsPort = dtls.get("port", DTLS_PORT);
        String plainAddress = plain.get("address", PLAIN_ADDRESS);
        Integer plainPort = plain.get("port", PLAIN_PORT);
        String lab = plain.get("labNetwork", LAB_NETWORK);
        Integer maxPayload = coap.get("maxPayload", MAX_PAYLOAD);
        Integer burst = coap.get("burst", BURST);
        if (plainAddress != null && !plainAddress.isEmpty() && lab != null) {
            String why = plainNotAllowed(plainAddress, lab);
            if (why != null) {
                problems.add(plain.value("address"), "coap.plain.address", "'" + plainAddress + "' " + why);
            }
        }
        if (dtlsAddress == null || dtlsPort == null || plainAddress == null || plainPort == null || lab == null
                || maxPayload == null || burst == null) {
            return GatewayConfig.Coap.DEFAULT; // a problem was reported; the config will not be used
        }
        return new GatewayConfig.Coap(dtlsAddress, dtlsPort, plainAddress, plainPort, lab, maxPayload, burst);
    }

    /** A coap sensor's mode, uri and text/plain options must fit together. */
    static void checkSensor(YamlMap m, Bus.Network net, SensorConfig.Options options) {
        String mode = options.text("mode");
        if ("push".equals(mode) && !net.uri().isEmpty()) {
            m.problems().add(m.value("uri"), m.child("uri"), "a push sensor sends its readings, so it has no uri;"
                    + " leave uri out, or set options.mode: poll or observe");
        } else if (!"push".equals(mode) && net.uri().isEmpty()) {
            m.problems().add(m.node(), m.child("uri"), "missing; mode " + mode + " reads a resource, so want coap://HOST[:PORT]/PATH");
        }
        if (options.text("quantity").isEmpty() != options.text("unit").isEmpty()) {
            m.problems().add(m.node(), m.child("options"), "quantity and unit go together (for a text/plain resource);"
                    + " give both or neither");
        }
    }

    static String uriProblem(String v) {
        if (v.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (!"coap".equals(u.getScheme()) || u.getHost() == null || u.getUserInfo() != null || u.getFragment() != null) {
                return "is not a coap:// resource URI; want coap://HOST[:PORT]/PATH, e.g. coap://[fd00::12]/temp";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a URI (" + e.getReason() + "); want coap://HOST[:PORT]/PATH, e.g. coap://[fd00::12]/temp";
        }
    }

    static String addressProblem(String v) {
        return literal(v) == null ? "is not an IP address; want e.g. ::, 0.0.0.0, 127.0.0.1 or fd00:7::1 (no host names)" : null;
    }

    /** An IP literal, never a DNS lookup; null when {@code v} is not one. */
    public static InetAddress literal(String v) {
        try {
            return InetAddress.ofLiteral(v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String cidrProblem(String v) {
        int slash = v.indexOf('/');
        InetAddress net = slash < 0 ? null : literal(v.substring(0, slash));
        int bits;
        try {
            bits = slash < 0 ? -1 : Integer.parseInt(v.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (net == null || bits < 8 || bits > net.getAddress().length * 8) {
            return "is not a network; want ADDRESS/BITS, e.g. 192.168.7.0/24 or fd00:7::/64 (at least /8)";
        }
        if (!privateAddress(net)) {
            return "is not a private network; plain CoAP may only listen on RFC 1918, IPv6 ULA (fc00::/7) or link-local addresses";
        }
        return null;
    }

    /** Why plain CoAP may not listen on {@code address}, or null when it may. */
    static String plainNotAllowed(String address, String labNetwork) {
        InetAddress a = literal(address);
        if (a == null) {
            return null; // already reported
        }
        if (a.isLoopbackAddress()) {
            return null;
        }
        if (a.isAnyLocalAddress()) {
            return "is every interface; plain CoAP has no authentication, so give a loopback address or one inside coap.plain.labNetwork";
        }
        if (labNetwork.isEmpty()) {
            return "is not a loopback address; plain CoAP has no authentication, so it listens only on loopback, or on an"
                    + " address inside coap.plain.labNetwork (a private lab network you name)";
        }
        int slash = labNetwork.indexOf('/');
        InetAddress net = literal(labNetwork.substring(0, slash));
        if (net == null || !inside(a, net, Integer.parseInt(labNetwork.substring(slash + 1)))) {
            return "is outside coap.plain.labNetwork " + labNetwork + "; plain CoAP listens only on loopback or inside it";
        }
        return null;
    }

    static boolean privateAddress(InetAddress a) {
        byte[] b = a.getAddress();
        return a.isSiteLocalAddress() || a.isLinkLocalAddress() || (b.length == 16 && (b[0] & 0xfe) == 0xfc);
    }

    private static boolean inside(InetAddress a, InetAddress net, int bits) {
        byte[] x = a.getAddress();
        byte[] n = net.getAddress();
        if (x.length != n.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((x[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
