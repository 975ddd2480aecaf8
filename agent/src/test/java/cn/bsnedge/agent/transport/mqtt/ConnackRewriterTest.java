package cn.bsnedge.agent.transport.mqtt;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** CONNACK packets byte by byte (MQTT 5 section 3.2). */
class ConnackRewriterTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /**
     * Debian's Mosquitto 2.0.11 with its defaults, answering a raw MQTT 5 CONNECT (clean start off,
     * session expiry 3600) sent from a Python socket to a broker started with {@code mosquitto -c}.
     */
    private static final String MOSQUITTO = ""
            + "20 09"          // CONNACK, remaining length 9
            + "00 00"          // no session present, reason 0x00 success
            + "06"             // properties length 6
            + "22 00 0a"       // topic alias maximum 10
            + "21 00 14";      // receive maximum 20 (max_inflight_messages)

    @Test
    void withoutTopicAliases_mosquittoConnack_zeroesOnlyTheAliasMaximum() {
        byte[] in = hex(MOSQUITTO);
        byte[] out = ConnackRewriter.withoutTopicAliases(in);
        assertEquals(MOSQUITTO.replace("22 00 0a", "22 00 00").replace(" ", ""), HexFormat.of().formatHex(out));
        assertEquals("0a", HexFormat.of().formatHex(in, 7, 8), "the input is left as it was");
    }

    @Test
    void withoutTopicAliases_stringsAndUserPropertiesBeforeIt_areSkippedCorrectly() {
        String packet = ""
                + "20 1a"                         // CONNACK, remaining length 26
                + "00 00"                         // no session, success
                + "17"                            // properties length 23
                + "12 00 03 61 62 63"             // assigned client identifier "abc"
                + "26 00 01 6b 00 02 76 76"       // user property "k" = "vv"
                + "1f 00 01 21"                   // reason string "!"
                + "22 00 05";                     // topic alias maximum 5
        byte[] out = ConnackRewriter.withoutTopicAliases(hex(packet));
        assertEquals(packet.replace("22 00 05", "22 00 00").replace(" ", ""), HexFormat.of().formatHex(out));
    }

    @Test
    void withoutTopicAliases_otherPackets_unknownProperties_orErrors_passUnchanged() {
        byte[] suback = hex("90 03 00 01 00");
        assertSame(suback, ConnackRewriter.withoutTopicAliases(suback));
        byte[] refused = hex("20 02 00 87"); // MQTT 5 CONNACK "not authorized" without properties
        assertSame(refused, ConnackRewriter.withoutTopicAliases(refused));
        byte[] unknown = hex("20 06 00 00 03 7f 00 01");
        assertArrayEquals(unknown, ConnackRewriter.withoutTopicAliases(unknown));
        byte[] truncated = hex("20 13 01 00 10 22 00");
        assertArrayEquals(truncated, ConnackRewriter.withoutTopicAliases(truncated));
    }

    @Test
    void packetLength_fromTheRemainingLengthOnceComplete() {
        assertEquals(-1, ConnackRewriter.packetLength(hex("20"), 1));
        assertEquals(21, ConnackRewriter.packetLength(hex("20 13"), 2));
        assertEquals(-1, ConnackRewriter.packetLength(hex("30 c1"), 2), "a continued length needs its next byte");
        assertEquals(3 + 193, ConnackRewriter.packetLength(hex("30 c1 01"), 3)); // 0x41 + 1 * 128 = 193
    }
}
