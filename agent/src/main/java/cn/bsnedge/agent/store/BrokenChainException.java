package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.VerificationException;

/**
 * The stored chain failed verification: the agent must not extend it, and {@code check}
 * reports it as evidence failure (exit 1), not as unreadable input.
 */
public final class BrokenChainException extends StoreException {

    private final VerificationException.Link link;

    public BrokenChainException(VerificationException.Link link, String message, Throwable cause) {
        super(message, cause);
        this.link = link;
    }

    public VerificationException.Link link() {
        return link;
    }
}
