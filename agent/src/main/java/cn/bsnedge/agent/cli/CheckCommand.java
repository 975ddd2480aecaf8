package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.ChainAudit;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Verify a whole gateway store.",
            "",
            "Reads every block record in order and checks its signature, Merkle root,",
            "entries, time range, link to the previous block, seq summary and index",
            "entry. Reports repairs that opening made after a crash, and progress on",
            "large stores. Run it on a stopped gateway: the agent holds the store lock.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the store verifies", "1:a check failed (the link and block are named)",
                "2:no readable store or key in DIR, or a usage error"})
final class CheckCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The gateway data directory.")
    Path data;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataDir dir = new DataDir(data);
        try {
            GatewayIdentity id = StoreAccess.identity(dir);
            try (LogBlockStore store = StoreAccess.store(dir, id)) {
                store.recoveryNotes().forEach(n -> err.println("check: on opening, " + n));
                long[] lastReport = {System.nanoTime()};
                ChainAudit.Report r = ChainAudit.checkAll(store, id.key().publicKey(), (done, total, entries) -> {
                    long now = System.nanoTime();
                    if (!quiet && (now - lastReport[0] > 1_000_000_000L)) {
                        lastReport[0] = now;
                        err.printf("check: %d/%d blocks (%d%%), %d readings verified%n", done, total, done * 100 / Math.max(1, total), entries);
                        err.flush();
                    }
                });
                out.printf("OK    %s: %d blocks, %d entries; gateway %s (%s); head %s%n",
                        dir.store(), r.blocks(), r.entries(), id.gatewayId(),
                        id.key().suite().label(), r.blocks() == 0 ? "(empty)" : HexFormat.of().formatHex(r.head().headHash()));
                out.printf(r.registeredSensors() > 0
                        ? "      registry: %d sensors; every entry follows the registry rules%n"
                        : "      registry: no registry entries (a pre-registry chain: readings are tied to no registration)%n",
                        r.registeredSensors());
                out.println("      " + clockSteps(r.clockSteps()));
                return 0;
            } catch (VerificationException e) {
                out.printf("FAIL  %s: %s%n", dir.store(), e.getMessage());
                return 1;
            }
        } catch (cn.bsnedge.agent.store.BrokenChainException e) {
            out.printf("FAIL  %s: %s: %s%n", dir.store(), e.link().label(), e.getMessage());
            return 1;
        } catch (StoreAccess.Unusable e) {
            err.println("check: " + e.getMessage());
            return 2;
        }
    }

    /** One line on the sealed clock steps: a verifier's cue that wall times jump at those places. */
    static String clockSteps(ChainAudit.ClockSteps steps) {
        if (steps.total() == 0) {
            return "clock: no clock steps sealed";
        }
        ChainAudit.Located last = steps.last().orElseThrow();
        return "clock: " + steps.total() + " clock step" + (steps.total() == 1 ? "" : "s") + " sealed (" + steps.backward()
                + " backwards, " + steps.forward() + " forwards); the last, seq " + last.step().seq() + " at block " + last.height()
                + " leaf " + last.leafIndex() + ": " + last.step().describe();
    }
}
