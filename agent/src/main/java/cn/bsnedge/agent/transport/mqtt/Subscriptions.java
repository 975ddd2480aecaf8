package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.MessageHandler;
import cn.bsnedge.agent.transport.TransportException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The link's subscriptions, kept across connections: which filters the broker must hold, which
 * it confirmed in the current session, who waits for a grant, and which handlers a topic reaches.
 * Thread-safe; every method is short and holds one lock.
 */
final class Subscriptions {

    /** @param handler empty for a filter subscribed only to receive responses to requests */
    private record Entry(String filter, String matchFilter, Optional<MessageHandler> handler) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<Void>>> waiting = new LinkedHashMap<>();
    /** Filters the broker granted in the current session; cleared when a connect finds no session. */
    private final List<String> granted = new ArrayList<>();

    /**
     * Adds or replaces a subscription.
     *
     * @return completes when the broker granted it (at once if it already did in this session)
     */
    synchronized CompletableFuture<Void> add(String filter, Optional<MessageHandler> handler) {
        String match = Topics.checkFilter(filter);
        Entry old = entries.get(filter);
        // A response-only entry must not take away a handler the caller set.
        Optional<MessageHandler> keep = handler.isEmpty() && old != null ? old.handler() : handler;
        entries.put(filter, new Entry(filter, match, keep));
        CompletableFuture<Void> grant = new CompletableFuture<>();
        if (granted.contains(filter)) {
            grant.complete(null);
        } else {
            waiting.computeIfAbsent(filter, f -> new ArrayList<>()).add(grant);
        }
        return grant;
    }

    synchronized boolean isGranted(String filter) {
        return granted.contains(filter);
    }

    /**
     * A connection is up.
     *
     * @param sessionPresent whether the broker still had the session, and with it our subscriptions
     * @return the filters to send now
     */
    synchronized List<String> toSend(boolean sessionPresent) {
        if (!sessionPresent) {
            granted.clear();
        }
        // Shared subscriptions go again on every connect: Mosquitto 2.0.11 keeps a persistent session's
        // plain subscriptions across its own restart, but not its $share ones (seen in MosquittoAnchoringTest),
        // and subscribing again to a filter one holds is harmless (MQTT 5 §3.8.4: it replaces it).
        return entries.keySet().stream().filter(f -> !granted.contains(f) || f.startsWith("$share/")).toList();
    }

    /** The broker granted {@code filter}; returns the stages to complete (outside the lock, by the caller). */
    synchronized List<CompletableFuture<Void>> granted(String filter) {
        if (!entries.containsKey(filter)) {
            return List.of();
        }
        if (!granted.contains(filter)) {
            granted.add(filter);
        }
        List<CompletableFuture<Void>> done = waiting.remove(filter);
        return done == null ? List.of() : done;
    }

    /** The broker refused {@code filter}: forget it; returns the stages to fail. */
    synchronized List<CompletableFuture<Void>> refused(String filter) {
        entries.remove(filter);
        granted.remove(filter);
        List<CompletableFuture<Void>> done = waiting.remove(filter);
        return done == null ? List.of() : done;
    }

    /** Handlers of every subscription whose filter matches {@code topic}, in subscription order. */
    synchronized List<MessageHandler> handlersFor(String topic) {
        List<MessageHandler> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.handler().isPresent() && Topics.matches(e.matchFilter(), topic)) {
                out.add(e.handler().get());
            }
        }
        return out;
    }

    /** The link closed: every stage still waiting fails. */
    void failAll(TransportException cause) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            waiting.values().forEach(all::addAll);
            waiting.clear();
        }
        all.forEach(f -> f.completeExceptionally(cause));
    }
}
