package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.status.AnchorStatus;
import cn.bsnedge.ledger.block.MicroBlock;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the running agent sees of anchoring: it hands over each committed block, and reads the
 * backlog and status. {@link #off()} is the gateway without an {@code mqtt:} section.
 */
public interface Anchoring extends AutoCloseable {

    /** Called after {@code block}'s commit returned (on the committer's thread; returns at once). */
    void committed(MicroBlock block);

    /** Sealed blocks not yet covered by a receipt; empty when anchoring is off. */
    OptionalLong backlog();

    /** For status.json; empty when anchoring is off. */
    Optional<AnchorStatus> status();

    /** Stops anchoring: the link disconnects (the broker publishes the death), state is synced. */
    @Override
    void close();

    /** No anchoring: the agent works offline. */
    static Anchoring off() {
        return new Anchoring() {
            @Override
            public void committed(MicroBlock block) {
            }

            @Override
            public OptionalLong backlog() {
                return OptionalLong.empty();
            }

            @Override
            public Optional<AnchorStatus> status() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }
}
