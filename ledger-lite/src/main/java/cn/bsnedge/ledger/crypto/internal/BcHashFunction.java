package cn.bsnedge.ledger.crypto.internal;

import cn.bsnedge.ledger.crypto.HashFunction;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;

/**
 * A {@link HashFunction} over a Bouncy Castle digest. One digest per thread keeps it thread-safe
 * without allocating a digest (and its message schedule) for each of the thousands of leaf and
 * node hashes a block needs.
 */
final class BcHashFunction implements HashFunction {

    private final String name;
    private final ThreadLocal<Digest> digests;
    private final int size;

    BcHashFunction(String name, Supplier<Digest> digests) {
        this.name = name;
        this.digests = ThreadLocal.withInitial(digests);
        this.size = digests.get().getDigestSize();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public byte[] hash(byte[]... parts) {
        Digest digest = digests.get();
        digest.reset(); // in case an earlier call on this thread failed half-way
        for (byte[] part : parts) {
            Objects.requireNonNull(part, "hash part");
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[size];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
