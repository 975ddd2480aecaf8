package cn.bsnedge.node.ledger;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a city node records gateways' tree heads and alarms: append-only, each record at the next
 * position. The default is {@link FileAnchorLedger}, a file on the node's disk; a city's BSN chain
 * plugs in behind this same interface (docs/BSN.md).
 *
 * <p>Every decision about an anchor reads the gateway's records and appends in one {@link #update}:
 * an implementation runs updates one at a time across every process that shares the ledger
 * (PROTOCOL.md §2.4), so two deliveries of one gateway's anchors can never both be decided on the
 * same old record. Reads outside an update may lag behind other processes' appends.
 */
public interface AnchorLedger extends AutoCloseable {

    /** A decision step run under the ledger's exclusive lock. */
    @FunctionalInterface
    interface Update<T> {
        T apply(Transaction tx) throws LedgerException;
    }

    /** The ledger as one update sees it: current records, and the appends it makes. */
    interface Transaction {

        /** The gateway's records including every append made so far, by any process. */
        GatewayRecords records(String gatewayId);

        /** The position the next appended record gets. */
        long nextSeq();

        /** Appends {@code record}, which must be at {@link #nextSeq()}; durable when {@link #update} returns. */
        void append(LedgerRecord record);
    }

    /**
     * Runs {@code update} with exclusive access and makes its appends durable (fsynced) before
     * returning its result. If they cannot be made durable the ledger throws and records nothing
     * of this update.
     */
    <T> T update(Update<T> update) throws LedgerException;

    /** The gateway's records as this process last saw them (refreshed by every update). */
    GatewayRecords records(String gatewayId) throws LedgerException;

    /** Every gateway with a record, sorted by id. */
    List<GatewayRecords> gateways() throws LedgerException;

    /** Number of records, and the RFC 9162 root over their bodies (docs/NODE.md), including other processes' appends. */
    LedgerHead head() throws LedgerException;

    /** Every record from position 0, in order, including other processes' appends (reads the storage, not the cache). */
    void forEach(Consumer<LedgerRecord> action) throws LedgerException;

    @Override
    void close() throws LedgerException;
}
