package cn.bsnedge.node.brokers;

import cn.bsnedge.node.broker.EmbeddedBroker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The node's embedded broker, in memory. */
public final class HiveMqTestBroker implements TestBroker {

    private final Path home;
    private EmbeddedBroker broker;

    public HiveMqTestBroker() throws Exception {
        home = Files.createTempDirectory("bsn-node-hivemq");
        broker = new EmbeddedBroker(home, 0, EmbeddedBroker.Persistence.IN_MEMORY);
        broker.start(60);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String uri() {
        return broker.uri();
    }

    @Override
    public boolean survivesRestart() {
        return false;
    }

    @Override
    public void restart() throws Exception {
        int port = broker.port();
        broker.close();
        broker = new EmbeddedBroker(home, port, EmbeddedBroker.Persistence.IN_MEMORY);
        broker.start(60);
    }

    @Override
    public void close() {
        broker.close();
    }

    @Override
    public String toString() {
        return name();
    }
}
