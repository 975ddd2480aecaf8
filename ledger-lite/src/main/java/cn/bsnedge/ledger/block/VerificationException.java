package cn.bsnedge.ledger.block;

import java.security.GeneralSecurityException;

/**
 * A verification failure, naming the first link of the chain of evidence that broke
 * (reading → inclusion proof → block header → signature → trusted key → chain, then tree head →
 * anchor inclusion → receipt → node key), so that an
 * auditor reading "verify" output knows exactly which piece of evidence is wrong.
 */
public final class VerificationException extends GeneralSecurityException {

    /** The links of the evidence chain, in the order a verifier checks them. */
    public enum Link {
        /** The bundle or store is not readable as FORMAT.md defines it. */
        FORMAT("format"),
        /** The entry's bytes or its decoded fields. */
        ENTRY("entry"),
        /** The inclusion proof from the entry to the header's Merkle root. */
        INCLUSION("inclusion"),
        /** The header's fields (counts, times, version, suite). */
        HEADER("header"),
        /** No trusted key for the header's gateway and suite. */
        TRUST("trust"),
        /** The header signature. */
        SIGNATURE("signature"),
        /** Height sequence and previous-hash links between blocks. */
        CHAIN("chain"),
        /** The store's (sensor, seq) index. */
        INDEX("index"),
        /** The sensor registry rules (FORMAT.md §2.8): every entry of a sensor after its registration, none after its retirement. */
        REGISTRY("registry"),
        /** The anchor's tree head: its bytes, view, gateway and suite, and the gateway's signature over it. */
        TREE_HEAD("tree-head"),
        /** The inclusion proof from the block hash to the tree head's root (leaf index = block height). */
        ANCHOR_INCLUSION("anchor-inclusion"),
        /** The node's receipt: its bytes, view, what it covers, and the node's signature. */
        RECEIPT("receipt"),
        /** No trusted key for the receipt's node and suite. */
        NODE_TRUST("node-trust");

        private final String label;

        Link(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Link link;

    public VerificationException(Link link, String message) {
        super(link.label() + ": " + message);
        this.link = link;
    }

    public VerificationException(Link link, String message, Throwable cause) {
        super(link.label() + ": " + message, cause);
        this.link = link;
    }

    public Link link() {
        return link;
    }
}
