package cn.bsnedge.ledger.block;

import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Pure checks of whole blocks and of the links between them; each failure names its link. */
public final class BlockVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private BlockVerifier() {
    }

    /** The header signature under {@code key}, which must be of the header's suite. */
    public static void verifySignature(MicroBlockHeader header, byte[] signature, PublicKey key) throws VerificationException {
        if (key.suite() != header.suite()) {
            throw new VerificationException(Link.TRUST, "header uses " + header.suite().label()
                    + " but the trusted key is " + key.suite().label());
        }
        try {
            key.verifier().verify(signature, header.signingMessage());
        } catch (GeneralSecurityException e) {
            throw new VerificationException(Link.SIGNATURE, "block " + header.height() + " of " + header.gatewayId()
                    + ": signature does not verify under key " + key.fingerprint().substring(0, 16) + "… (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes every entry and checks the header's root, count and time range against them, and
     * that every clock step (FORMAT.md §2.9) names the header's gateway.
     * Returns the decoded entries in leaf order.
     */
    public static List<Entry> verifyContents(MicroBlock block) throws VerificationException {
        MicroBlockHeader h = block.header();
        List<Entry> decoded = new ArrayList<>(block.entryCount());
        List<byte[]> raw = block.entries();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < raw.size(); i++) {
            try {
                Entry e = EntryCodec.decode(raw.get(i));
                if (e instanceof ClockStep c && !c.gateway().value().equals(h.gatewayId())) {
                    throw new VerificationException(Link.ENTRY, "block " + h.height() + " entry " + i + ": clock step names gateway "
                            + c.gateway() + ", want " + h.gatewayId() + ": a clock step belongs to the gateway that sealed it");
                }
                decoded.add(e);
                first = Math.min(first, e.time().toEpochMicros());
                last = Math.max(last, e.time().toEpochMicros());
            } catch (FormatException e) {
                throw new VerificationException(Link.ENTRY, "block " + h.height() + " entry " + i + ": " + e.getMessage(), e);
            }
        }
        byte[] root = MerkleTree.fromLeafData(new MerkleHasher(h.suite().hash()), raw).root();
        if (!Arrays.equals(root, h.merkleRoot())) {
            throw new VerificationException(Link.INCLUSION, "block " + h.height() + ": Merkle root over its "
                    + raw.size() + " entries is " + HEX.formatHex(root) + ", header says " + HEX.formatHex(h.merkleRoot()));
        }
        if (first != h.firstTimeMicros() || last != h.lastTimeMicros()) {
            throw new VerificationException(Link.HEADER, "block " + h.height() + ": entries span " + first + ".." + last
                    + " µs, header says " + h.firstTimeMicros() + ".." + h.lastTimeMicros());
        }
        return decoded;
    }

    /** {@code header} must attach exactly at {@code expected}. */
    public static void verifyLink(ChainHead expected, MicroBlockHeader header) throws VerificationException {
        if (header.height() != expected.nextHeight()) {
            throw new VerificationException(Link.CHAIN, "got block height " + header.height() + ", want " + expected.nextHeight());
        }
        if (!Arrays.equals(header.prevHash(), expected.headHash())) {
            throw new VerificationException(Link.CHAIN, "block " + header.height() + " names previous hash "
                    + HEX.formatHex(header.prevHash()) + ", want " + HEX.formatHex(expected.headHash()));
        }
    }
}
