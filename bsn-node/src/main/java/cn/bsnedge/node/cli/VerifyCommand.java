package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.BundleVerifier;
import cn.bsnedge.ledger.bundle.BundleVerifier.VerifiedReading;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.bundle.TrustFile;
import cn.bsnedge.ledger.bundle.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** The same check, output and exit codes as {@code bsn-edge verify}, for a city without the gateway's software. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Verify proof bundles offline, exactly as bsn-edge verify does.",
            "",
            "Only keys in the --trust directory count. Checks entry -> inclusion proof ->",
            "block header -> trusted key -> signature, then for an anchored bundle tree",
            "head -> anchor inclusion -> receipt -> node key, and names the first link",
            "that fails. The node's own key is in DATA/trust/ (bsn-node key export).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every bundle is valid", "1:some bundle failed a check (the link is named)",
                "2:unreadable bundle or trust file, or a usage error"})
final class VerifyCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust", paramLabel = "DIR", required = true,
            description = "Directory of trusted keys (*.json): gateway keys (bsn-edge-key/1) and node keys (bsn-edge-node-key/1).")
    Path trustDir;

    @Parameters(paramLabel = "BUNDLE", arity = "1..*", description = "Proof bundle files (bsn-edge-proof/1 JSON).")
    List<Path> bundles;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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

    static String anchoring(VerifiedReading v) {
        return v.anchor().flatMap(BundleVerifier.VerifiedAnchor::receipt)
                .map(r -> "anchored: tree size " + r.receipt().treeSize() + " recorded by node " + r.receipt().nodeId()
                        + " as #" + r.receipt().ledgerSeq() + " at " + r.receipt().recordedAt())
                .orElse(v.status().label());
    }

    static TrustedKeys loadTrust(Path dir) throws BundleFormatException {
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
}
