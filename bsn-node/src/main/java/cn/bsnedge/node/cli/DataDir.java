package cn.bsnedge.node.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data DIR}: the node's data directory (ledger, keys, registry, block archive). */
final class DataDir {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "node-data",
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dir;
}
