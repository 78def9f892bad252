package org.fablab.gateway.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a gateway's data folder, held while the gateway runs. The embedded broker's journal would
 * otherwise make a second gateway on the same folder wait for its own lock, silently and for ever; this one is
 * tried once and refused at once. The operating system releases it when the process dies, so a crash leaves no
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
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new InUse(dir, field);
            }
            return new DataFolderLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new InUse(dir, field);
        } catch (InUse e) {
            close(channel);
            throw e;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot lock the data folder " + dir + " (" + field + ")", e);
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

    /** Another gateway runs on the folder: the command line exits 2 with this message. */
    static final class InUse extends RuntimeException {
        InUse(Path dir, String field) {
            super(field + ": the data folder " + dir + " is in use by another gateway (it holds "
                    + dir.resolve(FILE_NAME) + "); stop that gateway first, or give this one its own " + field,
                    null, false, false);
        }
    }
}
