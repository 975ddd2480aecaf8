package cn.bsnedge.ledger.merkle;

import java.util.HexFormat;
import java.util.List;

/**
 * The published Certificate Transparency reference tree: eight leaves, SHA-256, RFC 6962 hashing
 * (identical to RFC 9162 §2.1). Copied verbatim, hex for hex, from:
 *
 * <ul>
 *   <li>[CT] google/certificate-transparency {@code cpp/merkletree/merkle_tree_test.cc}
 *       ({@code kInputs}, {@code kSHA256Roots}, {@code kSHA256Paths}, {@code kSHA256Proofs});
 *   <li>[TD-C] transparency-dev/merkle {@code testonly/constants.go} ({@code LeafInputs},
 *       {@code NodeHashes}, {@code RootHashes}, {@code EmptyRootHash});
 *   <li>[TD-V] transparency-dev/merkle {@code proof/verify_test.go} ({@code inclusionProofs},
 *       {@code consistencyProofs}, {@code roots}; its "leaf" field is 1-based);
 *   <li>[TD-R] transparency-dev/merkle {@code testonly/reference_test.go}
 *       ({@code TestRefInclusionProof}, {@code TestRefConsistencyProof}).
 * </ul>
 *
 * Any root can be re-derived with the shell, e.g. the size-1 root: {@code printf '\x00' |
 * sha256sum} (leaf 0 is the empty string). Nothing here is computed by our code.
 */
final class CtVectors {

    private CtVectors() {}

    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    static List<byte[]> hexes(String... s) {
        return java.util.Arrays.stream(s).map(CtVectors::hex).toList();
    }

    /** Leaf inputs d[0..7]. Source: [CT] kInputs, [TD-C] LeafInputs. */
    static final List<String> LEAVES = List.of(
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");

    static List<byte[]> leafData(int n) {
        return LEAVES.subList(0, n).stream().map(CtVectors::hex).toList();
    }

    /** MTH({}) = SHA-256(""). Source: [CT] kSHA256EmptyTreeHash, [TD-C] EmptyRootHash. */
    static final String EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** ROOTS.get(n - 1) = MTH(d[0:n]), n = 1..8. Source: [CT] kSHA256Roots, [TD-C] RootHashes. */
    static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static byte[] root(int size) {
        return size == 0 ? hex(EMPTY_ROOT) : hex(ROOTS.get(size - 1));
    }

    /**
     * NODES.get(level).get(j) = hash of the perfect subtree of 2^level leaves starting at leaf
     * j * 2^level. Source: [TD-C] NodeHashes.
     */
    static final List<List<String>> NODES = List.of(
            List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
            List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            List.of(
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            List.of("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    /** An inclusion vector with a 0-based leaf index. */
    record Inclusion(int index, int size, List<String> path, String source) {}

    /** A consistency vector. */
    record Consistency(int size1, int size2, List<String> path, String source) {}

    static final List<Inclusion> INCLUSION = List.of(
            // [CT] kSHA256Paths {1, 1, 0}, [TD-V] inclusionProofs {1, 1, nil}
            new Inclusion(0, 1, List.of(), "CT kSHA256Paths[1] / TD verify_test.go inclusionProofs[1]"),
            // [CT] kSHA256Paths {1, 8, 3}, [TD-V] {1, 8}, [TD-R] {index: 0, size: 8}
            new Inclusion(0, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                    "CT kSHA256Paths[2] / TD verify_test.go inclusionProofs[2]"),
            // [CT] kSHA256Paths {6, 8, 3}, [TD-V] {6, 8}, [TD-R] {index: 5, size: 8}
            new Inclusion(5, 8, List.of(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                    "CT kSHA256Paths[3] / TD verify_test.go inclusionProofs[3]"),
            // [CT] kSHA256Paths {3, 3, 1}, [TD-V] {3, 3}, [TD-R] {index: 2, size: 3}
            new Inclusion(2, 3, List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
                    "CT kSHA256Paths[4] / TD verify_test.go inclusionProofs[4]"),
            // [CT] kSHA256Paths {2, 5, 3}, [TD-V] {2, 5}, [TD-R] {index: 1, size: 5}
            new Inclusion(1, 5, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                    "CT kSHA256Paths[5] / TD verify_test.go inclusionProofs[5]"),
            // [TD-R] TestRefInclusionProof {index: 0, size: 2}
            new Inclusion(0, 2, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                    "TD reference_test.go TestRefInclusionProof 0:2"),
            // [TD-R] TestRefInclusionProof {index: 1, size: 2}
            new Inclusion(1, 2, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                    "TD reference_test.go TestRefInclusionProof 1:2"));

    static final List<Consistency> CONSISTENCY = List.of(
            // [CT] kSHA256Proofs {1, 1, 0}, [TD-V] consistencyProofs {1, 1, nil}
            new Consistency(1, 1, List.of(), "CT kSHA256Proofs[0] / TD verify_test.go consistencyProofs[0]"),
            // [CT] kSHA256Proofs {1, 8, 3}, [TD-V] {1, 8}, [TD-R] {size1: 1, size2: 8}
            new Consistency(1, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                    "CT kSHA256Proofs[1] / TD verify_test.go consistencyProofs[1]"),
            // [CT] kSHA256Proofs {6, 8, 3}, [TD-V] {6, 8}, [TD-R] {size1: 6, size2: 8}
            new Consistency(6, 8, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                    "CT kSHA256Proofs[2] / TD verify_test.go consistencyProofs[2]"),
            // [CT] kSHA256Proofs {2, 5, 2}, [TD-V] {2, 5}, [TD-R] {size1: 2, size2: 5}
            new Consistency(2, 5, List.of(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                    "CT kSHA256Proofs[3] / TD verify_test.go consistencyProofs[3]"),
            // [TD-V] consistencyProofs {6, 7}
            new Consistency(6, 7, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                    "TD verify_test.go consistencyProofs[4]"));
}
