package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Claims a store directory for one running broker: two nodes writing one log would corrupt it. The
 * operating system drops the lock when the process dies, so a crash never leaves it stuck.
 */
final class DirectoryLock {
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            channel.close();
            throw new IOException(directory + " is in use by another running Warren node;"
                    + " give each node its own data directory");
        }
        return new DirectoryLock(channel, lock);
    }

    void release() throws IOException {
        lock.release();
        channel.close();
    }
}
