package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.TransportException;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** Requests waiting for their response, by correlation data. */
final class PendingRequests {

    /** 128 random bits: unique among the requests of a gateway's lifetime. */
    static final int CORRELATION_BYTES = 16;

    private final Map<String, CompletableFuture<InboundMessage>> pending = new ConcurrentHashMap<>();
    private final RandomGenerator random;

    PendingRequests(RandomGenerator random) {
        this.random = random;
    }

    /** A fresh correlation id and the stage its response will complete. */
    Pending open() {
        byte[] id = new byte[CORRELATION_BYTES];
        String key;
        CompletableFuture<InboundMessage> response = new CompletableFuture<>();
        do {
            random.nextBytes(id);
            key = HexFormat.of().formatHex(id);
        } while (pending.putIfAbsent(key, response) != null);
        return new Pending(id.clone(), key, response);
    }

    record Pending(byte[] correlation, String key, CompletableFuture<InboundMessage> response) {
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
