package cn.bsnedge.node.ledger;

import java.util.HexFormat;

/** The ledger's size and the RFC 9162 root of its records' tree (leaf i = record i's body). */
public record LedgerHead(long size, byte[] root) {

    public LedgerHead {
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public String toString() {
        return size + " records, root " + HexFormat.of().formatHex(root);
    }
}
