package cn.bsnedge.ledger.anchor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@link NodeStore} in the heap: about {@code 2n} arrays for {@code n} leaves. For tests,
 * the city node (which verifies, and builds no logs) and small gateways; a gateway with a long
 * history keeps its nodes on disk instead. Not thread-safe.
 */
public final class MemoryNodeStore implements NodeStore {

    private final List<List<byte[]>> levels = new ArrayList<>();

    @Override
    public Optional<byte[]> get(int level, long index) {
        if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
            return Optional.empty();
        }
        return Optional.of(levels.get(level).get((int) index).clone());
    }

    @Override
    public void put(int level, long index, byte[] hash) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> l = levels.get(level);
        if (index < l.size()) {
            if (!Arrays.equals(l.get((int) index), hash)) {
                throw new IllegalStateException("node (" + level + ", " + index + ") is already "
                        + HexFormat.of().formatHex(l.get((int) index)) + ", refusing to overwrite it with "
                        + HexFormat.of().formatHex(hash) + ": a log only appends");
            }
            return;
        }
        if (index != l.size()) {
            throw new IllegalStateException("node (" + level + ", " + index + ") put out of order; want index " + l.size());
        }
        l.add(hash.clone());
    }

    /** Number of stored nodes, all levels. */
    public long nodeCount() {
        return levels.stream().mapToLong(List::size).sum();
    }
}
