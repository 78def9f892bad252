package org.fablab.gateway.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * An exclusive lock on a gateway's data folder or SQLite store, held while the gateway runs. The embedded broker's
 * journal would otherwise make a second gateway on the same folder wait for its own lock, silently and for ever, and
 * two gateways on one SQLite store would each trust what it keeps in memory; this one is tried once and refused at
 * once. The operating system releases it when the process dies, so a crash leaves no
 * stale lock behind.
 */
final class DataFolderLock implements AutoCloseable {
    static final String FILE_NAME = "gateway.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param field the setting that names the folder, for the message
     * @throws InUse when another gateway (in this process or another) holds it
     */
    static DataFolderLock acquire(Path folder, String field) {
        Path dir = folder.toAbsolutePath();
        return lock(dir, dir.resolve(FILE_NAME), () -> new InUse(field + ": the data folder " + dir
                + " is in use by another gateway (it holds " + dir.resolve(FILE_NAME) + "); stop that gateway first, "
                + "or give this one its own " + field));
    }

    /**
     * The lock of a SQLite store, which serves one gateway at a time: its journal and write lock are the process's,
     * and what a gateway keeps in memory (balances, modes, the board) follows only its own changes there. A file
     * beside the database, never the database itself: SQLite's own locks on it are POSIX locks, which the JVM closing
     * any other channel on that file would release.
     *
     * @throws InUse when another gateway (in this process or another) uses {@code database}
     */
    static DataFolderLock acquireSqliteStore(Path database) {
        Path file = database.toAbsolutePath();
        Path lockFile = file.resolveSibling(file.getFileName() + ".gateway-lock");
        return lock(file.getParent(), lockFile, () -> new InUse("store.url: the SQLite database " + file
                + " is in use by another gateway (it holds " + lockFile + "); a SQLite store serves one gateway: stop "
                + "that one first, or run several instances on PostgreSQL (docs/deployment.md)"));
    }

    private static DataFolderLock lock(Path dir, Path file, Supplier<InUse> inUse) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse.get();
            }
            return new DataFolderLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw inUse.get();
        } catch (InUse e) {
            close(channel);
            throw e;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the lock was not taken; nothing is left to release
        }
    }

    /** Another gateway runs on the folder or the store: the command line exits 2 with this message. */
    static final class InUse extends RuntimeException {
        InUse(String message) {
            super(message, null, false, false);
        }
    }
}
