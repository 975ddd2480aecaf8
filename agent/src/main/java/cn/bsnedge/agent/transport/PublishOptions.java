package cn.bsnedge.agent.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * How to publish one message (always QoS 1).
 *
 * @param retained        the broker keeps it as the topic's last message for late subscribers
 * @param responseTopic   MQTT 5 Response Topic: where the receiver should answer
 * @param correlationData MQTT 5 Correlation Data: echoed in the answer so the sender can match it
 */
public record PublishOptions(boolean retained, Optional<String> responseTopic, Optional<byte[]> correlationData) {

    /** Not retained, no response expected. */
    public static final PublishOptions PLAIN = new PublishOptions(false, Optional.empty(), Optional.empty());
    /** Retained, no response expected. */
    public static final PublishOptions RETAINED = new PublishOptions(true, Optional.empty(), Optional.empty());

    public PublishOptions {
        Objects.requireNonNull(responseTopic, "responseTopic");
        correlationData = correlationData.map(byte[]::clone);
        // Correlation data alone is how a responder echoes it (MQTT 5 §4.10): a node's receipt carries the anchor's.
    }

    /** A response to a request that carried {@code correlation}: not retained, echoing it. */
    public static PublishOptions response(byte[] correlation) {
        return new PublishOptions(false, Optional.empty(), Optional.of(correlation));
    }

    /** A copy asking for a response on {@code topic}, matched by {@code correlation}. */
    public PublishOptions withResponse(String topic, byte[] correlation) {
        return new PublishOptions(retained, Optional.of(topic), Optional.of(correlation));
    }

    @Override
    public Optional<byte[]> correlationData() {
        return correlationData.map(byte[]::clone);
    }
}
