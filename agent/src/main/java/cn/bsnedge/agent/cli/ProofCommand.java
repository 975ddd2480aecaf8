package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.BlockStore.ReadingLocation;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.entry.SensorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "proof", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Print the proof bundle of one reading.",
            "",
            "The bundle (JSON, docs/FORMAT.md section 7) holds the reading, its",
            "inclusion proof and the signed block header. Anyone holding the",
            "gateway's public key can check it offline. Once the block is anchored at",
            "the city's node, the bundle also carries the signed tree head and the",
            "node's receipt (anchor, receipt); 'verify' then reports it anchored:",
            "  bsn-edge proof --data demo-data --sensor 88.1001.31/TMP-0001 \\",
            "      --seq 2 > r.json",
            "  bsn-edge verify --trust demo-data/trust r.json",
            ""})
final class ProofCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The gateway data directory.")
    Path data;

    @Option(names = "--sensor", paramLabel = "CODE", required = true, description = "Sensor identification code, e.g. 88.1001.31/TMP-0001.")
    String sensor;

    @Option(names = "--seq", paramLabel = "N", required = true, description = "The reading's per-sensor sequence number.")
    long seq;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String problem = SensorCode.problem(sensor);
        if (problem != null) {
            err.println("proof: --sensor '" + sensor + "' " + problem);
            return 2;
        }
        DataDir dir = new DataDir(data);
        try {
            GatewayIdentity id = StoreAccess.identity(dir);
            try (LogBlockStore store = StoreAccess.store(dir, id)) {
                Optional<ReadingLocation> at = store.locate(SensorCode.of(sensor), seq);
                if (at.isEmpty()) {
                    err.println("proof: no committed reading " + sensor + " seq " + seq + " in " + dir.store()
                            + store.lastSeq(SensorCode.of(sensor)).stream()
                                    .mapToObj(last -> " (this sensor's committed entries are seq 1.." + last + ")")
                                    .findFirst().orElse(" (no readings of this sensor)"));
                    return 1;
                }
                MicroBlock block = store.block(at.get().height()).orElseThrow();
                int type = block.entry(at.get().leafIndex())[1];
                if (type == cn.bsnedge.ledger.entry.EntryCodec.TYPE_CLOCK_STEP) {
                    err.println("proof: " + sensor + " seq " + seq + " is the gateway's clock step " + seq
                            + ", not a reading; proof bundles are for readings (bsn-edge check lists the chain's clock steps)");
                    return 1;
                }
                if (type != cn.bsnedge.ledger.entry.EntryCodec.TYPE_READING) {
                    err.println("proof: " + sensor + " seq " + seq + " is its " + cn.bsnedge.ledger.entry.EntryCodec.typeName(type)
                            + ", not a reading; proof bundles are for readings (bsn-edge sensors show " + sensor + ")");
                    return 1;
                }
                ProofBundle bundle = ProofBundle.of(block, at.get().leafIndex(), id.key().publicKey().fingerprint());
                try {
                    bundle = cn.bsnedge.agent.anchor.AnchorProofs.anchored(bundle, block.height(), dir.root().resolve("anchor"),
                            dir.root().resolve("trust"), id.key().suite(), store).orElse(bundle);
                } catch (java.io.IOException e) {
                    err.println("proof: block " + block.height() + " is anchored, but its anchor cannot be read (" + e.getMessage()
                            + "); printing the sealed-only bundle");
                }
                spec.commandLine().getOut().print(bundle.toJson());
                return 0;
            }
        } catch (cn.bsnedge.agent.store.BrokenChainException e) {
            err.println("proof: " + e.getMessage());
            return 1;
        } catch (StoreAccess.Unusable e) {
            err.println("proof: " + e.getMessage());
            return 2;
        }
    }
}
