package io.warren.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing every Warren store file uses for a record: a 4-byte body length, a 4-byte CRC32C of
 * the body, then the body. A reader can tell a torn tail (the file ends inside a record) from a
 * damaged record (the CRC does not match) and from a sane one.
 */
final class RecordFormat {
    static final int HEADER_SIZE = 8;

    /** Bodies larger than this are taken as garbage lengths rather than attempted. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private RecordFormat() {
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /** The body framed as a record, ready to write. */
    static ByteBuffer frame(ByteBuffer body) {
        ByteBuffer record = ByteBuffer.allocate(HEADER_SIZE + body.remaining());
        record.putInt(body.remaining()).putInt(crc(body)).put(body.duplicate()).flip();
        return record;
    }
}
