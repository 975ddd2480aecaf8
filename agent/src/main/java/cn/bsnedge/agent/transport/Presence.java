package cn.bsnedge.agent.transport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gateway's birth and death, each retained on its own topic, after Sparkplug B (PROTOCOL.md
 * §4.3, §4.4). At every connect the link registers {@code death} as the CONNECT's Will (retained,
 * QoS 1), then publishes {@code birth} retained before it reports the link connected, so the birth
 * comes before any other publish of that connection. If the gateway vanishes, the broker publishes
 * the Will; {@link MqttLink#close()} asks the broker to publish it too (DISCONNECT reason 0x04).
 * Both suppliers are called at each connect, so the birth can carry the current chain head and the
 * death the connect's session number; they run on the link's control thread and must not block.
 */
public record Presence(String birthTopic, Supplier<byte[]> birth, String deathTopic, Supplier<byte[]> death) {

    public Presence {
        Objects.requireNonNull(birth, "birth");
        Objects.requireNonNull(death, "death");
        checkTopic("birth", birthTopic);
        checkTopic("death", deathTopic);
    }

    private static void checkTopic(String what, String topic) {
        Objects.requireNonNull(topic, what + " topic");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException(what + " topic '" + topic + "' must be a non-empty topic without wildcards");
        }
    }
}
