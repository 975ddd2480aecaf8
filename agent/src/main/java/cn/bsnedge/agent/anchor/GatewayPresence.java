package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.GatewayBirth;
import cn.bsnedge.ledger.protocol.GatewayDeath;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * The gateway's birth and death (PROTOCOL.md §4.3, §4.4) for the link's {@link Presence}. The
 * death, composed at each connect attempt as the CONNECT's Will, takes the next session number;
 * the birth published after the CONNACK carries the same one with the chain head and the latest
 * receipted size. Session numbers must keep growing across restarts (online = birth's session
 * above death's), so they are reserved {@value #RESERVE} at a time in {@code DATA/anchor/session}
 * (synced, replaced atomically): a crash skips numbers, never repeats one.
 */
final class GatewayPresence {

    static final String FILE = "session";
    static final long RESERVE = 64;

    private final GatewayIdentity id;
    private final BlockStore chain;
    private final LongSupplier anchoredSize;
    private final InstantSource wall;
    private final Supplier<ClockQuality> clock;
    private final String agent;
    private final Path file;
    private long session;
    private long reservedUpTo;

    GatewayPresence(GatewayIdentity id, BlockStore chain, LongSupplier anchoredSize, InstantSource wall,
                    Supplier<ClockQuality> clock, String agent, Path dir) throws IOException {
        this.id = id;
        this.chain = chain;
        this.anchoredSize = anchoredSize;
        this.wall = wall;
        this.clock = clock;
        this.agent = agent;
        this.file = dir.resolve(FILE);
        this.session = readReserved(file, wall);
        this.reservedUpTo = session;
    }

    /** The highest session number that may have been used, or 0. */
    private static long readReserved(Path file, InstantSource wall) {
        if (!Files.exists(file)) {
            return 0; // a first start
        }
        try {
            byte[] b = Files.readAllBytes(file);
            ByteBuffer buf = ByteBuffer.wrap(b);
            if (b.length == 12) {
                long v = buf.getLong();
                CRC32C c = new CRC32C();
                c.update(b, 0, 8);
                if ((int) c.getValue() == buf.getInt() && v >= 0) {
                    return v;
                }
            }
        } catch (IOException e) {
            // unreadable: as damaged
        }
        // Damaged: the clock's seconds still exceed any number used before, unless the clock is far behind.
        return Math.max(0, wall.millis() / 1000);
    }

    Presence presence(Topics topics) {
        return new Presence(topics.birth(id.gatewayId()), this::birth, topics.death(id.gatewayId()), this::death);
    }

    synchronized byte[] death() {
        session++;
        if (session > reservedUpTo) {
            reserve(session + RESERVE);
        }
        try {
            return Messages.encodeDeath(Signed.sign(new GatewayDeath(id.key().suite(), id.gatewayId(), session,
                    wall.millis(), clock.get()), id.key().signer()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the death message: " + e.getMessage(), e);
        }
    }

    synchronized byte[] birth() {
        if (session == 0) {
            death(); // a birth without a Will before it still gets a fresh session
        }
        ChainHead head = chain.head();
        long anchored = Math.min(anchoredSize.getAsLong(), head.nextHeight());
        try {
            return Messages.encodeBirth(Signed.sign(GatewayBirth.of(id.key().publicKey(), id.gatewayId(), session, head, anchored,
                    wall.millis(), clock.get(), agent), id.key().signer()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the birth message: " + e.getMessage(), e);
        }
    }

    synchronized long session() {
        return session;
    }

    private void reserve(long upTo) {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(upTo);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 8);
        b.putInt((int) c.getValue());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(b.flip());
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("reserving session numbers in " + file, e);
        }
        reservedUpTo = upTo;
    }
}
