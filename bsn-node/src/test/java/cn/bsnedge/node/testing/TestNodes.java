package cn.bsnedge.node.testing;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Node identities for tests. */
public final class TestNodes {

    public static final String NODE_ID = "88.1001/BSN-NODE-01";
    public static final String GATEWAY = "88.1001.31/GW-0007";

    private TestNodes() {
    }

    public static NodeIdentity identity(CryptoSuite suite) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(42);
            return new NodeIdentity(NODE_ID, PrivateKey.generate(suite, r));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
