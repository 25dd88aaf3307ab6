package io.warren.store;

import java.nio.ByteBuffer;

/**
 * The kinds of record in the message log and their layouts (each is the body of a
 * {@link RecordFormat} frame: length, CRC32C, body). Every body starts with its type and the record's
 * id, a number that grows by one per record across the whole log.
 *
 * <pre>
 * MESSAGE    type id flags:byte queues:int queueId:long* payload
 * ACK        type id queueId:long count:int location:long*   the queue is done with these messages
 * DELIVERED  type id queueId:long count:int location:long*   handed to a consumer, not yet settled
 * DROP_QUEUE type id queueId:long                            the queue is gone: every earlier message
 *                                                            of it is dead
 * </pre>
 *
 * A MESSAGE without the {@link #DURABLE} flag was written only to page a body out of memory; it means
 * nothing after a restart.
 */
final class LogRecords {
    static final byte MESSAGE = 1;
    static final byte ACK = 2;
    static final byte DELIVERED = 3;
    static final byte DROP_QUEUE = 4;

    static final byte DURABLE = 1;

    /** Type and id. */
    static final int PREFIX = 1 + 8;
    /** Prefix, flags and queue count: what precedes a message's queue ids. */
    static final int MESSAGE_FIXED = PREFIX + 1 + 4;
    /** Prefix, queue id and count: what precedes the locations of an ACK or DELIVERED record. */
    static final int LOCATIONS_FIXED = PREFIX + 8 + 4;

    private LogRecords() {
    }

    static int messageBodySize(int queueCount, int payloadSize) {
        return MESSAGE_FIXED + 8 * queueCount + payloadSize;
    }

    /** A MESSAGE record's payload: the part after its queue ids. */
    static ByteBuffer messagePayload(ByteBuffer body) {
        int queues = body.getInt(body.position() + PREFIX + 1);
        int start = body.position() + MESSAGE_FIXED + 8 * queues;
        return body.duplicate().position(start);
    }

    static boolean isDurableMessage(ByteBuffer body) {
        return (body.get(body.position() + PREFIX) & DURABLE) != 0;
    }
}
