package cn.bsnedge.agent.transport;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the link: always TLS 1.3, the broker's name checked against its certificate, files in PEM.
 *
 * @param caCert     the CA certificate(s) the broker's certificate must chain to
 * @param clientCert our certificate (chain) for mutual TLS; with {@code clientKey}, or neither
 * @param clientKey  its private key, unencrypted PKCS#8 or traditional (PKCS#1/SEC1) PEM
 */
public record TlsFiles(Path caCert, Optional<Path> clientCert, Optional<Path> clientKey) {

    public TlsFiles {
        Objects.requireNonNull(caCert, "mqtt.tls.caCert");
        Objects.requireNonNull(clientCert, "clientCert");
        Objects.requireNonNull(clientKey, "clientKey");
        if (clientCert.isPresent() != clientKey.isPresent()) {
            throw new IllegalArgumentException("mqtt.tls: clientCert and clientKey go together; got only "
                    + (clientCert.isPresent() ? "clientCert" : "clientKey"));
        }
    }

    /** Server authentication only (no client certificate). */
    public static TlsFiles serverOnly(Path caCert) {
        return new TlsFiles(caCert, Optional.empty(), Optional.empty());
    }

    /** Mutual TLS. */
    public static TlsFiles mutual(Path caCert, Path clientCert, Path clientKey) {
        return new TlsFiles(caCert, Optional.of(clientCert), Optional.of(clientKey));
    }
}
