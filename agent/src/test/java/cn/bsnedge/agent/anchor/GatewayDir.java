package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.Chains;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * A gateway data directory as the agent lays it out (keys/, store/, trust/, anchor/), with a
 * real signed chain that tests grow block by block, and the city node's key in trust/.
 */
final class GatewayDir implements AutoCloseable {

    final Path root;
    final GatewayIdentity id;
    final LogBlockStore store;
    private final Map<SensorCode, Long> seqs = Chains.firstSeqs();

    GatewayDir(Path root, NodeLedger node) throws Exception {
        this.root = root;
        this.id = GatewayKeyFile.loadOrCreate(root, Chains.GATEWAY, CryptoSuite.ED25519_SHA256, new SecureRandom());
        GatewayKeyFile.writeTrustFile(root.resolve("trust"), id);
        Files.writeString(root.resolve("trust").resolve("node.json"), node.trustFile().toJson());
        node.register(id.gatewayId(), id.key().publicKey());
        this.store = LogBlockStore.openOrCreate(root.resolve("store"), id.gatewayId(), id.key().publicKey());
    }

    Path anchorDir() {
        return root.resolve("anchor");
    }

    NodeKeys nodeKeys() throws Exception {
        return NodeKeys.load(List.of(root.resolve("trust")));
    }

    /** Seals and commits {@code n} blocks of 2 readings each; returns them. */
    synchronized List<MicroBlock> seal(int n) throws Exception {
        List<MicroBlock> blocks = Chains.seal(id.key(), store.head(), n, 2, seqs);
        store.appendAll(blocks);
        return blocks;
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
