package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.TransportException;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Requests waiting for their response, by correlation data. */
final class PendingRequests {

    private final Map<String, CompletableFuture<InboundMessage>> pending = new ConcurrentHashMap<>();

    /**
     * Registers a request.
     *
     * @return its key and the stage its response will complete
     * @throws IllegalStateException if a request with this correlation data is still waiting
     */
    Pending open(byte[] correlation) {
        if (correlation.length == 0) {
            throw new IllegalArgumentException("correlation data is empty; a response could not be matched to it");
        }
        String key = HexFormat.of().formatHex(correlation);
        CompletableFuture<InboundMessage> response = new CompletableFuture<>();
        if (pending.putIfAbsent(key, response) != null) {
            throw new IllegalStateException("a request with correlation data " + key + " is still waiting for its response");
        }
        return new Pending(key, response);
    }

    record Pending(String key, CompletableFuture<InboundMessage> response) {
    }

    /** Completes the request this message answers; false if it answers none that is still waiting. */
    boolean answer(InboundMessage message) {
        return message.correlationData()
                .map(c -> pending.remove(HexFormat.of().formatHex(c)))
                .map(f -> f.complete(message))
                .orElse(false);
    }

    /** Fails one request (timeout, or its publish failed). */
    void fail(String key, TransportException cause) {
        CompletableFuture<InboundMessage> f = pending.remove(key);
        if (f != null) {
            f.completeExceptionally(cause);
        }
    }

    void failAll(TransportException cause) {
        List<String> keys = List.copyOf(pending.keySet());
        keys.forEach(k -> fail(k, cause));
    }

    int size() {
        return pending.size();
    }
}
