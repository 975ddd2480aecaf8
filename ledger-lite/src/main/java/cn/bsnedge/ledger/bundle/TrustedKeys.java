package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public keys a verifier trusts, per gateway id. Evidence never brings its own key:
 * a bundle is checked only against keys the city obtained out of band (gateway registration).
 */
public final class TrustedKeys {

    private final Map<String, List<PublicKey>> byGateway;

    private TrustedKeys(Map<String, List<PublicKey>> byGateway) {
        this.byGateway = byGateway;
    }

    public static TrustedKeys of(List<TrustedKey> keys) {
        Map<String, List<PublicKey>> m = new TreeMap<>();
        for (TrustedKey k : keys) {
            m.computeIfAbsent(k.gatewayId(), g -> new ArrayList<>()).add(k.key());
        }
        m.replaceAll((g, l) -> List.copyOf(l));
        return new TrustedKeys(Map.copyOf(m));
    }

    /** Keys trusted for {@code gatewayId} in {@code suite}; empty when none. */
    public List<PublicKey> keysFor(String gatewayId, CryptoSuite suite) {
        return byGateway.getOrDefault(gatewayId, List.of()).stream().filter(k -> k.suite() == suite).toList();
    }

    public int size() {
        return byGateway.values().stream().mapToInt(List::size).sum();
    }

    public java.util.Set<String> gateways() {
        return byGateway.keySet();
    }
}
