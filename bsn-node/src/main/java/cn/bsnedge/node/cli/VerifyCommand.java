package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.bundle.BundleFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

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
        return BundleFiles.verify(trustDir, bundles, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
