package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.TrustFile;
import cn.bsnedge.ledger.bundle.TrustedKeys;
import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The city node keys the gateway accepts receipts and rejections from (FORMAT.md §8 {@code
 * bsn-edge-node-key/1} files), read once at start. A directory contributes the node-key files
 * among its {@code *.json}; gateway key files beside them (the gateway's own trust file) are
 * skipped, since a gateway key never vouches for a receipt.
 */
public final class NodeKeys {

    private final TrustedKeys keys;
    private final List<TrustedNodeKey> files;

    private NodeKeys(List<TrustedNodeKey> files) {
        this.files = List.copyOf(files);
        this.keys = TrustedKeys.of(List.of(), files);
    }

    public static NodeKeys of(List<TrustedNodeKey> keys) {
        return new NodeKeys(keys);
    }

    /**
     * Reads the node keys in {@code paths} (files or directories).
     *
     * @throws IOException naming the file that cannot be read or parsed, or saying that no node key was found
     */
    public static NodeKeys load(List<Path> paths) throws IOException {
        List<TrustedNodeKey> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var list = Files.list(p)) {
                    for (Path f : list.filter(x -> x.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        if (parse(f, false) instanceof TrustedNodeKey k) {
                            found.add(k);
                        }
                    }
                }
            } else if (Files.exists(p)) {
                if (!(parse(p, true) instanceof TrustedNodeKey k)) {
                    throw new IOException(p + " is a gateway key file; anchor.nodeKeys wants the city node's key ("
                            + TrustedNodeKey.FORMAT + ")");
                }
                found.add(k);
            } else {
                throw new IOException("anchor.nodeKeys: " + p + " does not exist; copy the city node's key file ("
                        + TrustedNodeKey.FORMAT + ") there");
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no city node key (" + TrustedNodeKey.FORMAT + ") in " + paths
                    + "; receipts cannot be verified without one: copy the node's key file there (bsn-node writes it)");
        }
        return new NodeKeys(found);
    }

    private static TrustFile parse(Path f, boolean strict) throws IOException {
        try {
            return TrustFile.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
        } catch (BundleFormatException e) {
            throw new IOException(e.getMessage() + (strict ? "" : " (every .json file in a node key directory must be a key file)"), e);
        }
    }

    /** Keys trusted for {@code nodeId} in {@code suite}; empty for an unknown node. */
    public List<PublicKey> keysFor(String nodeId, CryptoSuite suite) {
        return keys.nodeKeysFor(nodeId, suite);
    }

    /** The fingerprint of the key that verifies a receipt of {@code nodeId}, for bundles (informational). */
    public List<TrustedNodeKey> files() {
        return files;
    }
}
