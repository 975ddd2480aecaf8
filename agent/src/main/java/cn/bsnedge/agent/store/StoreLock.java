package cn.bsnedge.agent.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's {@code LOCK} file, as tools see it: {@link LogBlockStore} holds an exclusive lock
 * on it while open, so whether it is held says whether a writer (normally the running agent)
 * has the store. Tools use it to choose between the agent's published views and the store.
 */
public final class StoreLock {

    private StoreLock() {
    }

    /** True while a writer, in another process or this one, holds {@code storeDir}'s lock. */
    public static boolean held(Path storeDir) {
        Path lockFile = storeDir.resolve("LOCK");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very JVM (tests run the agent in-process)
        } catch (IOException e) {
            return false;
        }
    }
}
