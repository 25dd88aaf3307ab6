package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the message log back at start-up: every segment in order, every record in it. A torn tail
 * (the file ends inside a record, as a crash mid-write leaves it) is cut off; a record whose CRC fails
 * is skipped and logged; a file that is not a segment is left alone and logged. Nothing here refuses
 * to start.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    final TreeMap<Integer, Segment> segments = new TreeMap<>();
    final Map<Long, RecoveredQueue> queues = new HashMap<>();
    long nextRecordId = 1;
    int records;
    int damagedRegions;
    long damagedBytes;
    long tornBytes;
    int malformed;
    final List<String> ignoredFiles = new ArrayList<>();
    /**
     * The highest number any file named like a segment carries, valid or not: a new segment must
     * not take the name of one a crash left half-created.
     */
    int highestSegmentName;

    private Segment current;

    static LogRecovery run(Path directory) throws IOException {
        LogRecovery recovery = new LogRecovery();
        recovery.scanDirectory(directory);
        return recovery;
    }

    private void scanDirectory(Path directory) throws IOException {
        TreeMap<Integer, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.equals(DirectoryLock.FILE)) {
                    continue;
                }
                if (name.matches("\\d{10}\\.seg")) {
                    highestSegmentName = Math.max(highestSegmentName, Integer.parseInt(name.substring(0, 10)));
                }
                Integer number = segmentNumber(file);
                if (number == null) {
                    ignoredFiles.add(name);
                    log.warn("message store: ignoring {}: not a segment file", file);
                } else if (found.putIfAbsent(number, file) != null) {
                    ignoredFiles.add(name);
                    log.warn("message store: ignoring {}: a second file for segment {}", file, number);
                }
            }
        }
        for (Map.Entry<Integer, Path> entry : found.entrySet()) {
            scanSegment(entry.getKey(), entry.getValue());
        }
    }

    /** The number in a segment file's header if its name and header agree, else null. */
    private static Integer segmentNumber(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!name.matches("\\d{10}\\.seg") || !Files.isRegularFile(file)) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // keep reading
            }
        }
        header.flip();
        int number = Segment.numberInHeader(header);
        return number >= 0 && name.equals(Segment.fileName(number)) ? number : null;
    }

    private void scanSegment(int number, Path path) throws IOException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE) {
            ignoredFiles.add(path.getFileName().toString());
            log.error("message store: ignoring {}: {} bytes is more than a segment can hold", path, size);
            return;
        }
        MappedByteBuffer file;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        current = Segment.open(path, number, size);
        segments.put(number, current);
        file.position(Segment.HEADER_SIZE);
        RecordScanner.Result result = RecordScanner.scan(file, (position, body) -> {
            records++;
            try {
                apply(Locations.of(number, position), body);
            } catch (IndexOutOfBoundsException e) {
                malformed++;
                log.error("message store: skipping a malformed record at {} of {}", position, path);
            }
        });
        damagedRegions += result.damagedRegions();
        damagedBytes += result.damagedBytes();
        if (result.damagedRegions() > 0) {
            log.error("message store: {} has {} damaged region(s), {} bytes skipped", path,
                    result.damagedRegions(), result.damagedBytes());
        }
        long validEnd = Segment.HEADER_SIZE + result.validEnd();
        if (result.tornBytes() > 0) {
            tornBytes += result.tornBytes();
            log.warn("message store: {} ends in {} bytes of an unfinished record; cut off", path, result.tornBytes());
            current.truncate(validEnd);
        }
    }

    private void apply(long location, ByteBuffer body) {
        byte type = body.get(0);
        long id = body.getLong(1);
        nextRecordId = Math.max(nextRecordId, id + 1);
        switch (type) {
            case LogRecords.MESSAGE -> {
                if (!LogRecords.isDurableMessage(body)) {
                    return; // paged out of memory only; means nothing after a restart
                }
                int count = body.getInt(LogRecords.PREFIX + 1);
                for (int i = 0; i < count; i++) {
                    long queueId = body.getLong(LogRecords.MESSAGE_FIXED + 8 * i);
                    queues.computeIfAbsent(queueId, RecoveredQueue::new).add(location);
                }
            }
            case LogRecords.ACK, LogRecords.DELIVERED -> {
                long queueId = body.getLong(LogRecords.PREFIX);
                int count = body.getInt(LogRecords.PREFIX + 8);
                RecoveredQueue queue = queues.get(queueId);
                for (int i = 0; i < count; i++) {
                    long target = body.getLong(LogRecords.LOCATIONS_FIXED + 8 * i);
                    referTo(target);
                    if (queue != null) {
                        if (type == LogRecords.ACK) {
                            queue.acked(target);
                        } else {
                            queue.delivered(target);
                        }
                    }
                }
            }
            case LogRecords.DROP_QUEUE -> {
                RecoveredQueue queue = queues.get(body.getLong(LogRecords.PREFIX));
                if (queue != null) {
                    queue.forEach((target, delivered) -> referTo(target));
                    queue.clear();
                }
            }
            default -> log.warn("message store: skipping record {} of unknown type {} at {}", id, type,
                    Locations.toString(location));
        }
    }

    /** The current segment holds news about a message in {@code target}'s segment. */
    private void referTo(long target) {
        int segment = Locations.segment(target);
        if (segment != current.number) {
            current.referencedSegments.add(segment);
        }
    }
}
