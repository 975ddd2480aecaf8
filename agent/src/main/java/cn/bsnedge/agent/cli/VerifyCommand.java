package cn.bsnedge.agent.cli;

import cn.bsnedge.ledger.bundle.BundleFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Verify proof bundles offline against trusted keys.",
            "",
            "A bundle never vouches for its own key: only the keys in the --trust",
            "directory count. Checks, in order: entry -> inclusion proof -> block",
            "header -> trusted key -> signature, then for an anchored bundle tree",
            "head -> anchor inclusion -> receipt -> node key, and names the first link",
            "that fails. A valid bundle is reported as 'anchored' (receipted by a",
            "trusted city node) or 'sealed, not yet anchored'.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every bundle is valid", "1:some bundle failed a check (the link is named)",
                "2:unreadable bundle or trust file, or a usage error"})
final class VerifyCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust", paramLabel = "DIR", required = true,
            description = "Directory of trusted keys (*.json): gateway keys as written to DATA/trust/ by the gateway,"
                    + " and city node keys (bsn-edge-node-key/1) for receipts.")
    Path trustDir;

    @Parameters(paramLabel = "BUNDLE", arity = "1..*", description = "Proof bundle files (bsn-edge-proof/1 JSON).")
    List<Path> bundles;

    @Override
    public Integer call() {
        return BundleFiles.verify(trustDir, bundles, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
