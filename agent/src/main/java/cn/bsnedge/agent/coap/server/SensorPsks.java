package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.PskStore;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Scandium's key lookup, answered from {@link PskStore}: the PSK identity is a sensor code, and
 * a handshake gets that sensor's key only while the sensor may push (declared in gateway.yaml as
 * a push sensor). Any other identity, or one without a key, gets no secret and Scandium aborts
 * the handshake, so nothing from it reaches a resource. Server side only.
 */
final class SensorPsks implements AdvancedPskStore {

    private final PskStore keys;
    private final Predicate<SensorCode> mayPush;
    private final Consumer<String> log;

    SensorPsks(PskStore keys, Predicate<SensorCode> mayPush, Consumer<String> log) {
        this.keys = keys;
        this.mayPush = mayPush;
        this.log = log;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        return new PskSecretResult(cid, identity, secret(identity.getPublicInfoAsString()));
    }

    private SecretKey secret(String identity) {
        if (SensorCode.problem(identity) != null) {
            return null;
        }
        SensorCode code = SensorCode.of(identity);
        if (!mayPush.test(code)) {
            return null;
        }
        try {
            Optional<byte[]> key = keys.get(code);
            if (key.isEmpty()) {
                return null;
            }
            byte[] k = key.get();
            try {
                return SecretUtil.create(k, PskSecretResult.ALGORITHM_PSK);
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        } catch (IOException e) {
            log.accept("coap: cannot read the PSK of " + code + ": " + e.getMessage() + "; its handshake is refused");
            return null;
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // the gateway never opens DTLS sessions as a client with these keys
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // synchronous: results are returned directly
    }
}
