package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.bundle.BundleVerifier.VerifiedReading;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifying bundle files against a directory of trusted keys, as both {@code bsn-edge verify}
 * and {@code bsn-node verify} do, with one line per bundle and the same exit codes, so a city
 * and a gateway engineer read the same verdict the same way.
 */
public final class BundleFiles {

    private BundleFiles() {
    }

    /** Every {@code *.json} trust file (gateway and node keys) in {@code dir}. */
    public static TrustedKeys loadTrust(Path dir) throws BundleFormatException {
        if (!Files.isDirectory(dir)) {
            throw new BundleFormatException("--trust " + dir + " is not a directory");
        }
        List<TrustFile> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                keys.add(TrustFile.parse(Files.readString(f), f.toString()));
            }
        } catch (IOException e) {
            throw new BundleFormatException("cannot read " + dir + ": " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new BundleFormatException("no trusted keys (*.json) in " + dir);
        }
        return TrustedKeys.fromFiles(keys);
    }

    /**
     * Verifies each file, printing {@code OK}, {@code FAIL} (naming the first failing link) or
     * {@code UNREADABLE} lines.
     *
     * @return 0 when every bundle is valid, 1 when one failed a check, 2 when one was unreadable
     */
    public static int verify(Path trustDir, List<Path> bundles, PrintWriter out, PrintWriter err) {
        TrustedKeys trusted;
        try {
            trusted = loadTrust(trustDir);
        } catch (BundleFormatException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        BundleVerifier verifier = new BundleVerifier(trusted);
        int failed = 0;
        int unreadable = 0;
        for (Path f : bundles) {
            ProofBundle b;
            try {
                b = ProofBundle.parse(Files.readString(f), f.toString());
            } catch (IOException e) {
                err.println("UNREADABLE " + f + ": " + e.getMessage());
                unreadable++;
                continue;
            } catch (BundleFormatException e) {
                err.println("UNREADABLE " + e.getMessage());
                unreadable++;
                continue;
            }
            try {
                VerifiedReading v = verifier.verify(b);
                var r = v.reading();
                out.printf("OK    %s: %s seq %d = %s %s %s at %s (%s clock); block %d of %s, %s, key %s…; %s%n", f,
                        r.sensor(), r.seq(), r.quantity(), r.value().text(), r.unit(), r.time().toInstant(), r.clock().label(),
                        v.header().height(), v.header().gatewayId(), v.header().suite().label(),
                        v.signedBy().fingerprint().substring(0, 16), anchoring(v));
            } catch (VerificationException e) {
                out.printf("FAIL  %s: %s%n", f, e.getMessage());
                failed++;
            }
        }
        out.flush();
        return failed > 0 ? 1 : unreadable > 0 ? 2 : 0;
    }

    /** "anchored: …" with the node, its ledger position and time, or the status label. */
    public static String anchoring(VerifiedReading v) {
        return v.anchor().flatMap(BundleVerifier.VerifiedAnchor::receipt)
                .map(r -> "anchored: tree size " + r.receipt().treeSize() + " recorded by node " + r.receipt().nodeId()
                        + " as #" + r.receipt().ledgerSeq() + " at " + r.receipt().recordedAt())
                .orElse(v.status().label());
    }
}
