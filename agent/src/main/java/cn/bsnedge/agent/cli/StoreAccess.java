package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.store.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;

/** Opens an existing data directory's identity and store for read-side commands. */
final class StoreAccess {

    /** Why the directory cannot be used, as a message for exit code 2. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private StoreAccess() {
    }

    static GatewayIdentity identity(DataDir dir) throws Unusable {
        var file = GatewayKeyFile.keyFile(dir.root());
        if (!Files.exists(file)) {
            throw new Unusable("no gateway key at " + file + "; is " + dir.root() + " a bsn-edge data directory?");
        }
        try {
            return GatewayKeyFile.load(file);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new Unusable("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** @throws cn.bsnedge.agent.store.BrokenChainException when the store opens but its head block is broken */
    static LogBlockStore store(DataDir dir, GatewayIdentity id) throws Unusable, cn.bsnedge.agent.store.BrokenChainException {
        try {
            return LogBlockStore.openExisting(dir.store(), id.gatewayId(), id.key().publicKey());
        } catch (cn.bsnedge.agent.store.BrokenChainException e) {
            throw e;
        } catch (StoreException e) {
            throw new Unusable(e.getMessage());
        }
    }
}
