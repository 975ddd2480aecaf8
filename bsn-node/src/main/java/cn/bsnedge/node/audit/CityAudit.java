package cn.bsnedge.node.audit;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.ledger.LedgerException;
import cn.bsnedge.node.ledger.LedgerRecord;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.telemetry.BlockArchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Loads what the audit needs from a node's data directory: ledger records, registry, archive. */
public final class CityAudit {

    /** One gateway's ledger records, in ledger order. */
    public record Records(List<LedgerRecord.Anchored> anchored, List<LedgerRecord.Alarm> alarms) {
    }

    private final Path dataDir;
    private final GatewayRegistry registry;
    private final Map<String, Records> records = new TreeMap<>();

    private CityAudit(Path dataDir, GatewayRegistry registry) {
        this.dataDir = dataDir;
        this.registry = registry;
    }

    public static CityAudit open(Path dataDir) throws IOException, LedgerException, BundleFormatException {
        CityAudit a = new CityAudit(dataDir, GatewayRegistry.open(dataDir));
        Path ledger = dataDir.resolve("ledger");
        if (Files.exists(ledger.resolve(FileAnchorLedger.FILE))) {
            try (FileAnchorLedger l = FileAnchorLedger.openReadOnly(ledger)) {
                l.forEach(r -> {
                    Records rs = a.records.computeIfAbsent(r.gatewayId(), g -> new Records(new ArrayList<>(), new ArrayList<>()));
                    switch (r) {
                        case LedgerRecord.Anchored x -> rs.anchored().add(x);
                        case LedgerRecord.Alarm x -> rs.alarms().add(x);
                    }
                });
            }
        }
        return a;
    }

    /** Every gateway known to the archive, the ledger or the registry. */
    public List<String> gateways() throws IOException, BundleFormatException {
        TreeSet<String> ids = new TreeSet<>(BlockArchive.gateways(dataDir));
        ids.addAll(records.keySet());
        ids.addAll(registry.all().keySet());
        return List.copyOf(ids);
    }

    public Records records(String gatewayId) {
        return records.getOrDefault(gatewayId, new Records(List.of(), List.of()));
    }

    public ArchivedChain chain(String gatewayId) throws IOException {
        return ArchivedChain.load(dataDir, gatewayId, registry.keys(gatewayId));
    }
}
