package cn.bsnedge.agent.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * A message the broker delivered.
 *
 * @param duplicate       the broker sent it before (a redelivery after a reconnect); handlers must be idempotent anyway
 * @param responseTopic   MQTT 5 Response Topic, if the sender asked for a response
 * @param correlationData MQTT 5 Correlation Data, copied into the response
 */
public record InboundMessage(String topic, byte[] payload, boolean retained, boolean duplicate,
                             Optional<String> responseTopic, Optional<byte[]> correlationData) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        payload = payload.clone();
        correlationData = correlationData.map(byte[]::clone);
        Objects.requireNonNull(responseTopic, "responseTopic");
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public Optional<byte[]> correlationData() {
        return correlationData.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "InboundMessage[" + topic + ", " + payload.length + " bytes" + (retained ? ", retained" : "")
                + (duplicate ? ", duplicate" : "") + responseTopic.map(t -> ", response to " + t).orElse("") + "]";
    }
}
