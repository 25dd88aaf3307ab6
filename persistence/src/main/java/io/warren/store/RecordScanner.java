package io.warren.store;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads the records of a store file held in a buffer, surviving damage: a record whose CRC fails is
 * skipped by searching forward for the next offset where a whole, valid record starts, and bytes
 * after the last valid record are a torn tail. Nothing here throws on bad data.
 */
final class RecordScanner {
    private RecordScanner() {
    }

    /** What a scan found besides the records it handed over. */
    record Result(int records, int damagedRegions, long damagedBytes, long validEnd, long tornBytes) {
        boolean clean() {
            return damagedRegions == 0 && tornBytes == 0;
        }
    }

    /**
     * Hands each valid record body (a read-only slice, valid during the call) to {@code onRecord}, in
     * file order. {@code file} is read from its position to its limit.
     */
    static Result scan(ByteBuffer file, Consumer<ByteBuffer> onRecord) {
        return scan(file, (position, body) -> onRecord.accept(body));
    }

    /** A valid record: where its frame starts in the buffer, and its body (valid during the call). */
    @FunctionalInterface
    interface RecordVisitor {
        void record(int position, ByteBuffer body);
    }

    /** As {@link #scan(ByteBuffer, Consumer)}, also telling where each record starts. */
    static Result scan(ByteBuffer file, RecordVisitor onRecord) {
        int start = file.position();
        int end = file.limit();
        int position = start;
        int records = 0;
        int damagedRegions = 0;
        long damagedBytes = 0;
        int validEnd = start;
        while (position < end) {
            int length = validRecordAt(file, position, end);
            if (length > 0) {
                onRecord.record(position, file.slice(position + RecordFormat.HEADER_SIZE, length).asReadOnlyBuffer());
                records++;
                position += RecordFormat.HEADER_SIZE + length;
                validEnd = position;
                continue;
            }
            int next = nextValidRecord(file, position + 1, end);
            if (next < 0) {
                break; // the rest is a torn tail
            }
            damagedRegions++;
            damagedBytes += next - position;
            position = next;
        }
        return new Result(records, damagedRegions, damagedBytes, validEnd - start, end - validEnd);
    }

    /** The body length of a whole record at {@code position} whose CRC matches, or -1. */
    private static int validRecordAt(ByteBuffer file, int position, int end) {
        if (end - position < RecordFormat.HEADER_SIZE) {
            return -1;
        }
        int length = file.getInt(position);
        // An empty body is never written, and an all-zero region would otherwise pass (CRC32C of nothing is 0).
        if (length <= 0 || length > RecordFormat.MAX_BODY || length > end - position - RecordFormat.HEADER_SIZE) {
            return -1;
        }
        int expected = file.getInt(position + 4);
        int actual = RecordFormat.crc(file.slice(position + RecordFormat.HEADER_SIZE, length));
        return expected == actual ? length : -1;
    }

    private static int nextValidRecord(ByteBuffer file, int from, int end) {
        for (int candidate = from; candidate <= end - RecordFormat.HEADER_SIZE; candidate++) {
            if (validRecordAt(file, candidate, end) > 0) {
                return candidate;
            }
        }
        return -1;
    }
}
