package cn.bsnedge.node.cli;

import cn.bsnedge.node.keys.NodeKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "key", mixinStandardHelpOptions = true, description = "The node's receipt-signing key.",
        subcommands = {KeyCommand.Export.class})
final class KeyCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Print the node's public key as a trust file (bsn-edge-node-key/1, FORMAT.md §8).",
                "Gateways and verifiers put it in their trust directory to check receipts:",
                "  bsn-node key export > GATEWAY-DATA/trust/88.1001_BSN-NODE-01.json"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:no node key in DATA (run the node once)"})
    static final class Export implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDir data;

        @Override
        public Integer call() throws Exception {
            Path file = NodeKeyFile.keyFile(data.dir);
            if (!Files.exists(file)) {
                spec.commandLine().getErr().println("key export: no node key at " + file
                        + "; start the node once (bsn-node run --node ID ...) to create it");
                return 2;
            }
            spec.commandLine().getOut().print(NodeKeyFile.load(file).trustedKey().toJson());
            return 0;
        }
    }
}
