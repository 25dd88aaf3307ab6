package io.warren.store;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File-system chores the stores share. */
final class Directories {
    private static final Logger log = LoggerFactory.getLogger(Directories.class);

    private Directories() {
    }

    /**
     * Forces a directory's entries (files created, renamed, deleted) to disk. Some file systems
     * cannot sync a directory; a rename is still atomic there, and nothing better can be done.
     */
    static void sync(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {}: {}", directory, e.toString());
        }
    }
}
