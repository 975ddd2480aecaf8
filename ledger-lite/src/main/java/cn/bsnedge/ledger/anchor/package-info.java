/**
 * Anchoring a gateway's chain at its city's BSN node (docs/PROTOCOL.md §3), pure: the
 * block-hash log ({@link cn.bsnedge.ledger.anchor.BlockHashLog} over a {@link
 * cn.bsnedge.ledger.anchor.NodeStore}, with its {@link cn.bsnedge.ledger.anchor.CompactRange}),
 * the signed statements ({@link cn.bsnedge.ledger.anchor.TreeHead}, {@link
 * cn.bsnedge.ledger.anchor.AnchorReceipt}, {@link cn.bsnedge.ledger.anchor.AnchorRejection},
 * each a {@link cn.bsnedge.ledger.anchor.Statement} wrapped in {@link
 * cn.bsnedge.ledger.anchor.Signed}), the {@link cn.bsnedge.ledger.anchor.Anchor} a gateway sends,
 * and the checks: {@link cn.bsnedge.ledger.anchor.AnchorVerifier} (pure verification functions)
 * and {@link cn.bsnedge.ledger.anchor.AnchorCheck} (the node's decision). No I/O, no network: the
 * MQTT payloads that carry these are in {@code cn.bsnedge.ledger.protocol}.
 */
package cn.bsnedge.ledger.anchor;
