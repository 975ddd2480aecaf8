package cn.bsnedge.agent.cli;

import java.nio.file.Path;

/** The layout of a gateway data directory; docs/CLI.md documents it for engineers. */
record DataDir(Path root) {

    Path keys() {
        return root.resolve("keys");
    }

    Path store() {
        return root.resolve("store");
    }

    Path proofs() {
        return root.resolve("proofs");
    }

    Path trust() {
        return root.resolve("trust");
    }
}
