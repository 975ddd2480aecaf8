package cn.bsnedge.ledger.merkle;

import cn.bsnedge.ledger.crypto.HashFunction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Test-scope SHA-256 over the JDK's MessageDigest; the crypto suites supply the real one. */
final class Sha256 implements HashFunction {

    static final MerkleHasher HASHER = new MerkleHasher(new Sha256());

    @Override
    public int size() {
        return 32;
    }

    @Override
    public byte[] hash(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    @Override
    public String name() {
        return "SHA-256";
    }
}
