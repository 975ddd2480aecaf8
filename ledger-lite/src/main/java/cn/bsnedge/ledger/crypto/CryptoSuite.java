package cn.bsnedge.ledger.crypto;

import cn.bsnedge.ledger.crypto.internal.Algorithms;
import cn.bsnedge.ledger.crypto.internal.SignatureAlgorithm;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A signature scheme paired with the hash used everywhere else in a ledger (entry leaves,
 * Merkle nodes, block hashes, key fingerprints). The id is written into block headers and
 * the label into config, CLI and JSON, so neither may ever change for an existing suite.
 *
 * <p>Every suite uses fixed-length encodings (see FORMAT.md "Keys"): a 64-byte signature,
 * and a 32-byte (Ed25519) or 65-byte uncompressed SEC1 (SM2, P-256) public key.
 */
public enum CryptoSuite {
    /** Pure Ed25519 (RFC 8032) with SHA-256 for ledger hashing. */
    ED25519_SHA256(1, "ed25519-sha256", Algorithms.sha256(), Algorithms.ed25519()),
    /** SM2 (GB/T 32918.2) on sm2p256v1 with SM3 (GB/T 32905) for signing and ledger hashing. */
    SM2_SM3(2, "sm2-sm3", Algorithms.sm3(), Algorithms.sm2()),
    /** ECDSA on NIST P-256 with RFC 6979 nonces, SHA-256 for signing and ledger hashing. */
    P256_SHA256(3, "p256-sha256", Algorithms.sha256(), Algorithms.p256());

    private final int id;
    private final String label;
    private final HashFunction hash;
    private final SignatureAlgorithm algorithm;

    CryptoSuite(int id, String label, HashFunction hash, SignatureAlgorithm algorithm) {
        this.id = id;
        this.label = label;
        this.hash = hash;
        this.algorithm = algorithm;
    }

    /** The byte written into block headers. */
    public int id() {
        return id;
    }

    /** The name used in config, CLI and JSON. */
    public String label() {
        return label;
    }

    /** SHA-256 or SM3; thread-safe (a fresh digest per call). */
    public HashFunction hash() {
        return hash;
    }

    /** 64 for every suite (r||s for SM2 and P-256, R||S for Ed25519). */
    public int signatureLength() {
        return algorithm.signatureLength();
    }

    /** 32 for Ed25519, 65 for SM2 and P-256 (0x04||X||Y). */
    public int publicKeyLength() {
        return algorithm.publicKeyLength();
    }

    SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public static CryptoSuite fromId(int id) {
        for (CryptoSuite suite : values()) {
            if (suite.id == id) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown crypto suite id " + id + "; valid ids are "
                + Arrays.stream(values()).map(s -> s.id + " (" + s.label + ")").collect(Collectors.joining(", ")));
    }

    /** Exact, case-sensitive match: labels are identifiers, and JSON must round-trip byte for byte. */
    public static CryptoSuite fromLabel(String label) {
        for (CryptoSuite suite : values()) {
            if (suite.label.equals(label)) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown crypto suite label "
                + (label == null ? "null" : "'" + label + "'") + "; valid labels are "
                + Arrays.stream(values()).map(CryptoSuite::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
