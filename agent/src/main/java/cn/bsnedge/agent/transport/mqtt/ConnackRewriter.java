package cn.bsnedge.agent.transport.mqtt;

import java.util.Arrays;

/**
 * Hides the broker's Topic Alias Maximum from Paho by setting it to 0 in the CONNACK, so Paho never
 * sends topic aliases. Paho 1.2.5 stores an aliased publish with its topic name removed and, when
 * the connection drops before the PUBACK, sends that copy again on the next connection, where the
 * alias means nothing: Mosquitto then disconnects with "protocol error", again at every reconnect
 * (Paho issues #527, #1104). Aliases only save a few bytes per message on a long-lived connection.
 *
 * <p>Works on the raw packet (MQTT 5 section 3.2): fixed header 0x20, remaining length, flags,
 * reason code, then the properties; property 0x22 has a two-byte value, zeroed in place.
 */
final class ConnackRewriter {

    static final int CONNACK = 0x20;
    static final int TOPIC_ALIAS_MAXIMUM = 0x22;

    private ConnackRewriter() {
    }

    /**
     * The whole packet's length once {@code prefix[0..n)} shows it, or -1 while the remaining length
     * is still incomplete.
     */
    static int packetLength(byte[] prefix, int n) {
        int value = 0;
        for (int i = 1; i < n && i <= 4; i++) {
            value |= (prefix[i] & 0x7F) << (7 * (i - 1));
            if ((prefix[i] & 0x80) == 0) {
                return i + 1 + value;
            }
        }
        return -1;
    }

    /** The packet with its Topic Alias Maximum set to 0; unchanged if it is not a CONNACK or has none. */
    static byte[] withoutTopicAliases(byte[] packet) {
        if (packet.length < 2 || (packet[0] & 0xFF) != CONNACK) {
            return packet;
        }
        byte[] out = Arrays.copyOf(packet, packet.length);
        int pos = 1;
        while (pos < out.length && (out[pos] & 0x80) != 0) {
            pos++;
        }
        pos++; // past the remaining length
        pos += 2; // acknowledge flags, reason code
        if (pos >= out.length) {
            return packet; // MQTT 3 style, or an error CONNACK without properties
        }
        int[] propsLength = varInt(out, pos);
        if (propsLength == null) {
            return packet;
        }
        pos = propsLength[1];
        int end = Math.min(out.length, pos + propsLength[0]);
        while (pos < end) {
            int id = out[pos++] & 0xFF;
            int size = switch (id) {
                case 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;           // byte properties
                case 0x13, 0x21, TOPIC_ALIAS_MAXIMUM -> 2;        // two-byte integers
                case 0x11, 0x27 -> 4;                             // four-byte integers
                case 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> pos + 1 < end ? 2 + u16(out, pos) : -1; // strings, binary
                case 0x26 -> userProperty(out, pos, end);         // string pair
                default -> -1;
            };
            if (size < 0 || pos + size > end) {
                return packet; // not a property we know: leave the packet to Paho's own checks
            }
            if (id == TOPIC_ALIAS_MAXIMUM) {
                out[pos] = 0;
                out[pos + 1] = 0;
            }
            pos += size;
        }
        return out;
    }

    private static int userProperty(byte[] b, int pos, int end) {
        if (pos + 1 >= end) {
            return -1;
        }
        int key = 2 + u16(b, pos);
        if (pos + key + 1 >= end) {
            return -1;
        }
        return key + 2 + u16(b, pos + key);
    }

    private static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) << 8 | b[pos + 1] & 0xFF;
    }

    /** {value, position after it}, or null if it runs past the array. */
    private static int[] varInt(byte[] b, int pos) {
        int value = 0;
        for (int i = 0; i < 4 && pos < b.length; i++, pos++) {
            value |= (b[pos] & 0x7F) << (7 * i);
            if ((b[pos] & 0x80) == 0) {
                return new int[] {value, pos + 1};
            }
        }
        return null;
    }
}
