package cn.bsnedge.agent.transport.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.internal.NetworkModule;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import javax.net.ssl.SSLSocketFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Paho's async client with our sockets ({@link SocketModule}) and our threads: every task Paho
 * runs (connect, receiver, sender, callbacks, ping) goes to the link's pool, so closing the pool
 * ends them, instead of the threads and timers Paho creates itself when given none.
 * {@link MemoryPersistence}: the default file persistence writes, fsyncs and deletes a file per
 * message (about 700 msg/s against about 41 k/s in memory); durability is the outbox's job.
 */
final class LinkClient extends MqttAsyncClient {

    private final List<URI> servers;
    private final Optional<SSLSocketFactory> tls;
    private final Duration connectTimeout;
    private volatile SocketModule[] modules = new SocketModule[0];

    LinkClient(List<URI> servers, String clientId, Optional<SSLSocketFactory> tls, Duration connectTimeout,
               ScheduledExecutorService pool) throws MqttException {
        super(servers.getFirst().toString(), clientId, new MemoryPersistence(), null, pool);
        this.servers = servers;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    @Override
    protected NetworkModule[] createNetworkModules(String address, MqttConnectionOptions options) {
        SocketModule[] made = servers.stream().map(u -> new SocketModule(u, tls, connectTimeout)).toArray(SocketModule[]::new);
        modules = made;
        return made;
    }

    /** No connect attempt of this client may get past its socket's start any more (see {@link SocketModule#refuseStart()}). */
    void refuseStarts() {
        for (SocketModule m : modules) {
            m.refuseStart();
        }
    }

    /** Whether the current attempt's connect thread is in Paho's start-up polls (see {@link SocketModule}). */
    boolean inPahoStartup() {
        for (SocketModule m : modules) {
            if (m.inPahoStartup()) {
                return true;
            }
        }
        return false;
    }
}
