package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One segment file of the message log: a header naming it, then records. Only the newest segment
 * is appended to; older ones are only read, and deleted once nothing in them is live.
 *
 * <p>A segment is live while some queue still holds one of its messages ({@code liveReferences}) —
 * and also while it holds acknowledgements for messages in an older segment that still exists:
 * deleting those acknowledgements first would bring their messages back at the next recovery.
 * {@code referencedSegments} names those older segments.
 */
final class Segment {
    static final byte[] MAGIC = "WRNMSG01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_SIZE = MAGIC.length + 8;

    final int number;
    final Path path;
    private final FileChannel channel;

    /** Where the next record goes, counting bytes still in the store's write buffer. */
    long appendPosition;
    /** What has reached the file (not necessarily the disk). */
    long writtenPosition;
    /** Whether written bytes may still wait for an fsync. */
    boolean unsynced;

    long liveReferences;
    /** Older segments this one holds acknowledgements or deliveries for. */
    final Set<Integer> referencedSegments = new HashSet<>();

    private Segment(int number, Path path, FileChannel channel, long size) {
        this.number = number;
        this.path = path;
        this.channel = channel;
        this.appendPosition = size;
        this.writtenPosition = size;
    }

    static String fileName(int number) {
        return String.format("%010d.seg", number);
    }

    /** Creates a new, empty segment with its header written and synced. */
    static Segment create(Path directory, int number) throws IOException {
        Path path = directory.resolve(fileName(number));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).put(MAGIC).putLong(number).flip();
        while (header.hasRemaining()) {
            channel.write(header, HEADER_SIZE - header.remaining());
        }
        channel.force(true);
        return new Segment(number, path, channel, HEADER_SIZE);
    }

    /** Opens a recovered segment whose valid records end at {@code size}. */
    static Segment open(Path path, int number, long size) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(number, path, channel, size);
    }

    /** The segment number in a file's header, or -1 when it is not a segment file. */
    static int numberInHeader(ByteBuffer file) {
        if (file.remaining() < HEADER_SIZE) {
            return -1;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file.get(file.position() + i) != MAGIC[i]) {
                return -1;
            }
        }
        long number = file.getLong(file.position() + MAGIC.length);
        return number < 0 || number > Integer.MAX_VALUE ? -1 : (int) number;
    }

    void write(ByteBuffer[] buffers, long bytes) throws IOException {
        channel.position(writtenPosition);
        long written = 0;
        while (written < bytes) {
            written += channel.write(buffers);
        }
        writtenPosition += bytes;
        unsynced = true;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Reads {@code into.remaining()} bytes at {@code position}; false if the file ends first. */
    boolean read(long position, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                return false;
            }
            position += n;
        }
        return true;
    }

    /** Cuts the file at {@code size} (a torn tail). */
    void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.force(true);
        appendPosition = size;
        writtenPosition = size;
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return "segment " + fileName(number);
    }
}
