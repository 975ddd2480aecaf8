package cn.bsnedge.agent.transport.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TestBroker} should enforce.
 *
 * @param tls   a TLS 1.3 listener instead of plain TCP
 * @param users user name to password; if not empty, anonymous clients are refused
 */
public record BrokerOptions(Optional<Tls> tls, Map<String, String> users) {

    /**
     * @param requireClientCert refuse clients that present no certificate signed by {@code caCert}
     */
    public record Tls(Path caCert, Path serverCert, Path serverKey, boolean requireClientCert) {
    }

    public static final BrokerOptions PLAIN = new BrokerOptions(Optional.empty(), Map.of());

    public BrokerOptions {
        users = Map.copyOf(users);
    }

    public static BrokerOptions tls(Tls tls) {
        return new BrokerOptions(Optional.of(tls), Map.of());
    }

    public static BrokerOptions users(Map<String, String> users) {
        return new BrokerOptions(Optional.empty(), users);
    }
}
