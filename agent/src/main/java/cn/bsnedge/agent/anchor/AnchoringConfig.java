package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.transport.Backoff;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.TlsFiles;
import cn.bsnedge.agent.transport.mqtt.PahoMqttLink;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts anchoring as gateway.yaml says: off without an {@code mqtt:} section. */
public final class AnchoringConfig {

    /** Held so java.util.logging keeps the level: Paho logs SEVERE stack traces for every dropped connection; the link says what happened. */
    private static final Logger PAHO = Logger.getLogger("org.eclipse.paho");

    private AnchoringConfig() {
    }

    /** What a gateway with this config publishes as its software in births. */
    public static String agent(String version) {
        return "bsn-edge/" + (version == null ? "dev" : version.replaceAll("[^\\x21-\\x7e]", "_"));
    }

    /**
     * Starts anchoring for a running agent, or returns {@link Anchoring#off()}.
     *
     * @throws IOException with a message for the operator: unreadable node keys, bad TLS files, an unusable DATA/anchor
     */
    public static Anchoring start(GatewayConfig cfg, GatewayIdentity id, BlockStore chain, InstantSource wall,
                                  Supplier<ClockQuality> clock, String agent, Consumer<String> log) throws IOException, StoreException {
        if (cfg.mqtt().isEmpty()) {
            return Anchoring.off();
        }
        GatewayConfig.Mqtt m = cfg.mqtt().get();
        GatewayConfig.Anchoring a = cfg.anchor();
        MqttSettings settings;
        try {
            settings = settings(m, id.gatewayId());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        NodeKeys keys = NodeKeys.load(a.nodeKeys());
        Path dir = cfg.gateway().dataDir().resolve("anchor");
        AnchorService.Setup setup = new AnchorService.Setup(id, chain, dir, new Topics(a.city()), keys,
                new AnchorPolicy(a.every(), a.blocks(), a.receiptTimeout()), a.replayRate(), wall, Ticker.system(), clock, agent, log);
        PAHO.setLevel(Level.OFF);
        try {
            return AnchorService.start(setup, (presence, listener) -> PahoMqttLink.create(settings, Optional.of(presence), listener, log));
        } catch (IllegalArgumentException e) { // the link reads the TLS files when made
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The link settings of the {@code mqtt:} section; the client certificate defaults apply only when both files exist. */
    public static MqttSettings settings(GatewayConfig.Mqtt m, String gatewayId) {
        Optional<TlsFiles> tls = m.tls().map(t -> t.clientExplicit() || (Files.exists(t.clientCert()) && Files.exists(t.clientKey()))
                ? TlsFiles.mutual(t.caCert(), t.clientCert(), t.clientKey()) : TlsFiles.serverOnly(t.caCert()));
        return new MqttSettings(m.servers(), m.clientId().isEmpty() ? gatewayId : m.clientId(), m.sessionExpiry(), m.keepAlive(),
                m.username(), m.password(), tls, new Backoff(m.reconnectInitial(), m.reconnectMax(), m.reconnectJitter()),
                m.inFlightWindow(), m.inboundWindow(), m.connectTimeout(), m.maxPacketSize());
    }
}
