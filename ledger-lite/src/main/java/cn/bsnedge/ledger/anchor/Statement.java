package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.crypto.CryptoSuite;

/**
 * A structure someone signs: tree heads (gateway), receipts and rejections (node), birth and
 * death notices (gateway). The signed message is {@code context ‖ 0x00 ‖ encode()}, and every
 * kind has its own context, so a signature over one kind never verifies as another.
 */
public interface Statement {

    /** The suite of the key that signs it. */
    CryptoSuite suite();

    SigningContext context();

    /** The canonical bytes; the first byte is the statement's version. */
    byte[] encode();

    /** The exact bytes the signer signs. */
    default byte[] signingMessage() {
        return context().message(encode());
    }
}
