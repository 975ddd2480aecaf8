/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle trees over a suite's {@link
 * cn.bsnedge.ledger.crypto.HashFunction}: hashing rules ({@link cn.bsnedge.ledger.merkle.MerkleHasher}),
 * an immutable in-memory tree that produces roots and proofs ({@link
 * cn.bsnedge.ledger.merkle.MerkleTree}), proof values ({@link cn.bsnedge.ledger.merkle.InclusionProof},
 * {@link cn.bsnedge.ledger.merkle.ConsistencyProof}) and pure verification ({@link
 * cn.bsnedge.ledger.merkle.ProofVerifier}).
 *
 * <p>Modelled on transparency-dev/merkle ({@code rfc6962/}, {@code proof/}): producing proofs and
 * checking them are kept apart so a verifier (a city auditor, a light client) needs only {@link
 * cn.bsnedge.ledger.merkle.MerkleHasher} and {@link cn.bsnedge.ledger.merkle.ProofVerifier}, never
 * the tree. With SHA-256 the results are byte-for-byte those of RFC 6962/9162 logs, so the
 * published Certificate Transparency vectors apply; with SM3 only the hash changes.
 */
package cn.bsnedge.ledger.merkle;
