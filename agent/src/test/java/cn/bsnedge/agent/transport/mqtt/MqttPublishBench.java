package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QoS 1 publish throughput through the link's window to a local Mosquitto: how many messages per
 * second are acknowledged, for several window sizes, without and with a subscriber taking every
 * message. Not a test: run it by hand (docs/BENCHMARKS.md has the command) and record the figures.
 *
 * <p>Arguments: {@code [messages per run, default 20000] [payload bytes, default 256]}.
 */
public final class MqttPublishBench {

    private MqttPublishBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        QuietPaho.apply();
        try (MosquittoBroker broker = MosquittoBroker.create(BrokerOptions.PLAIN)) {
            System.out.printf("# MqttPublishBench: %d QoS 1 publishes of %d bytes per run, Mosquitto on loopback,"
                    + " %d cores, %s%n%n", n, size, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
            System.out.println("| window (configured → effective) | subscriber | acknowledged msg/s | MB/s |");
            System.out.println("|---|---|---:|---:|");
            run(broker.uri(), 20, false, Math.max(1000, n / 4), size); // warm-up: JIT, broker caches
            for (int window : new int[] {1, 5, 20, 64}) {
                print(window, false, run(broker.uri(), window, false, n, size), size);
            }
            print(64, true, run(broker.uri(), 64, true, n, size), size);
        }
    }

    private record Result(int effectiveWindow, double perSecond) {
    }

    private static void print(int window, boolean subscriber, Result r, int size) {
        System.out.printf("| %d → %d | %s | %,.0f | %.1f |%n", window, r.effectiveWindow(), subscriber ? "yes" : "no",
                r.perSecond(), r.perSecond() * size / 1e6);
    }

    private static Result run(URI server, int window, boolean withSubscriber, int n, int size) throws Exception {
        String tag = Long.toString(System.nanoTime());
        MqttSettings base = MqttSettings.defaults(List.of(server), "bench-" + tag);
        PahoMqttLink subscriber = null;
        CountDownLatch received = new CountDownLatch(withSubscriber ? n : 0);
        try {
            if (withSubscriber) {
                StateRecorder s = new StateRecorder();
                subscriber = new PahoMqttLink(MqttSettings.defaults(List.of(server), "bench-sub-" + tag), Optional.empty(), s,
                        line -> { }, null, InstantSource.system(), new SplittableRandom());
                subscriber.start();
                s.await(LinkState.Connected.class);
                subscriber.subscribe("bench/" + tag, m -> received.countDown()).toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            StateRecorder states = new StateRecorder();
            try (PahoMqttLink link = new PahoMqttLink(base.withInFlightWindow(window), Optional.empty(), states, line -> { },
                    null, InstantSource.system(), new SplittableRandom())) {
                link.start();
                int effective = states.await(LinkState.Connected.class).window();
                byte[] payload = new byte[size];
                List<CompletableFuture<Void>> acks = new ArrayList<>(n);
                AtomicInteger failed = new AtomicInteger();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    acks.add(link.publish("bench/" + tag, payload, PublishOptions.PLAIN).toCompletableFuture()
                            .whenComplete((v, x) -> {
                                if (x != null) {
                                    failed.incrementAndGet();
                                }
                            }));
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                long nanos = System.nanoTime() - start;
                if (failed.get() > 0) {
                    throw new IllegalStateException(failed.get() + " publishes failed");
                }
                if (!received.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the subscriber missed " + received.getCount() + " messages");
                }
                return new Result(effective, n / (nanos / 1e9));
            }
        } finally {
            if (subscriber != null) {
                subscriber.close();
            }
        }
    }
}
