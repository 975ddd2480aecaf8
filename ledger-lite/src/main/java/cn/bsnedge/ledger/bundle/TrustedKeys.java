package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The public keys a verifier trusts: gateway keys per gateway id (they sign blocks and tree
 * heads) and city node keys per node id (they sign receipts), kept apart. Evidence never brings
 * its own key: a bundle is checked only against keys the city obtained out of band.
 */
public final class TrustedKeys {

    private final Map<String, List<PublicKey>> byGateway;
    private final Map<String, List<PublicKey>> byNode;

    private TrustedKeys(Map<String, List<PublicKey>> byGateway, Map<String, List<PublicKey>> byNode) {
        this.byGateway = byGateway;
        this.byNode = byNode;
    }

    /** Gateway keys only: anchored bundles then fail at {@code node-trust}. */
    public static TrustedKeys of(List<TrustedKey> keys) {
        return of(keys, List.of());
    }

    public static TrustedKeys of(List<TrustedKey> gateways, List<TrustedNodeKey> nodes) {
        Map<String, List<PublicKey>> g = new TreeMap<>();
        for (TrustedKey k : gateways) {
            g.computeIfAbsent(k.gatewayId(), id -> new ArrayList<>()).add(k.key());
        }
        Map<String, List<PublicKey>> n = new TreeMap<>();
        for (TrustedNodeKey k : nodes) {
            n.computeIfAbsent(k.nodeId(), id -> new ArrayList<>()).add(k.key());
        }
        g.replaceAll((id, l) -> List.copyOf(l));
        n.replaceAll((id, l) -> List.copyOf(l));
        return new TrustedKeys(Map.copyOf(g), Map.copyOf(n));
    }

    /** The keys of a trust directory's files, whichever kind each is. */
    public static TrustedKeys fromFiles(List<? extends TrustFile> files) {
        List<TrustedKey> gateways = new ArrayList<>();
        List<TrustedNodeKey> nodes = new ArrayList<>();
        for (TrustFile f : files) {
            switch (f) {
                case TrustedKey k -> gateways.add(k);
                case TrustedNodeKey k -> nodes.add(k);
            }
        }
        return of(gateways, nodes);
    }

    /** Keys trusted for {@code gatewayId} in {@code suite}; empty when none. */
    public List<PublicKey> keysFor(String gatewayId, CryptoSuite suite) {
        return byGateway.getOrDefault(gatewayId, List.of()).stream().filter(k -> k.suite() == suite).toList();
    }

    /** Node keys trusted for {@code nodeId} in {@code suite}; empty when none. */
    public List<PublicKey> nodeKeysFor(String nodeId, CryptoSuite suite) {
        return byNode.getOrDefault(nodeId, List.of()).stream().filter(k -> k.suite() == suite).toList();
    }

    /** Number of trusted gateway keys. */
    public int size() {
        return byGateway.values().stream().mapToInt(List::size).sum();
    }

    /** Number of trusted node keys. */
    public int nodeKeyCount() {
        return byNode.values().stream().mapToInt(List::size).sum();
    }

    public Set<String> gateways() {
        return byGateway.keySet();
    }

    public Set<String> nodes() {
        return byNode.keySet();
    }
}
