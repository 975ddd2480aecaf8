package cn.bsnedge.agent.transport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gateway's birth and death on one retained topic, after Sparkplug B. At every connect the
 * link sets {@code death} as the CONNECT's Will (retained, QoS 1), then publishes {@code birth}
 * retained before it reports the link connected, so birth comes before any other publish of that
 * connection. If the gateway vanishes, the broker publishes the Will; {@link MqttLink#close()}
 * asks the broker to publish it too. Both suppliers are called at each connect, so the birth can
 * carry the current chain head; they run on the link's control thread and must not block.
 */
public record Presence(String topic, Supplier<byte[]> birth, Supplier<byte[]> death) {

    public Presence {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(birth, "birth");
        Objects.requireNonNull(death, "death");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("presence topic '" + topic + "' must be a non-empty topic without wildcards");
        }
    }
}
