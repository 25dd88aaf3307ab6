package io.warren.broker.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.field.AmqpTypes;

/**
 * A published message as queues hold it: where it was published, its content header (properties
 * decoded and as the publisher encoded them) and its body.
 *
 * <p>One instance is shared by every queue the message reaches; nothing is copied per queue. The
 * body is reference-counted: each holder (a queue entry, a pending write) owns one reference,
 * taken with {@link #retain()} and given back with {@link #release()}; the buffer is freed when the
 * last holder lets go.
 */
public final class Message {
    private final String exchange;
    private final String routingKey;
    private final ContentHeader header;
    private final ByteBuf body;
    private final byte[] encodedAddress;

    /** Bodies up to this size are copied out of the network buffers when queued ({@link #detached()}). */
    public static final int DETACH_LIMIT = 64 * 1024;

    /** Takes over one reference to {@code body}. */
    public Message(String exchange, String routingKey, ContentHeader header, ByteBuf body) {
        this(exchange, routingKey, header, body, AmqpTypes.encodeShortStrings(exchange, routingKey));
    }

    private Message(String exchange, String routingKey, ContentHeader header, ByteBuf body, byte[] encodedAddress) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.header = header;
        this.body = body;
        this.encodedAddress = encodedAddress;
    }

    /**
     * The exchange and routing key as two short strings in wire form: every delivery copies them,
     * so they are encoded once, here, rather than for each consumer.
     */
    public byte[] encodedAddress() {
        return encodedAddress;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    public ContentHeader header() {
        return header;
    }

    public BasicProperties properties() {
        return header.properties();
    }

    /** The body, without taking a reference: use {@link #retainedBody()} to keep it. */
    public ByteBuf body() {
        return body;
    }

    /** A new reference to the body with its own indices, for a write that outlives this call. */
    public ByteBuf retainedBody() {
        return body.retainedDuplicate();
    }

    public int bodySize() {
        return body.readableBytes();
    }

    public boolean isPersistent() {
        return header.properties().isPersistent();
    }

    /**
     * This message with a body of its own, when the body is a small slice of a network read buffer.
     *
     * <p>Why: a queued message can live for hours, and a slice keeps its whole read buffer — and,
     * through the allocator's chunks, far more — from being reused. A few hundred thousand queued
     * 12-byte messages would pin hundreds of megabytes of direct memory. Copying a small body once,
     * into a heap buffer the garbage collector manages, costs less than a cache miss per message;
     * bodies over {@link #DETACH_LIMIT} stay zero-copy, since they fill their read buffers themselves.
     * Takes this message's body reference over; the message returned is shared by every queue.
     */
    public Message detached() {
        int size = body.readableBytes();
        if (size > DETACH_LIMIT || size == 0 || body.unwrap() == null && !body.isDirect()) {
            return this;
        }
        ByteBuf copy = Unpooled.buffer(size, size).writeBytes(body, body.readerIndex(), size);
        body.release();
        return new Message(exchange, routingKey, header, copy, encodedAddress);
    }

    public Message retain() {
        body.retain();
        return this;
    }

    /** Gives back one reference; true when it was the last. */
    public boolean release() {
        return body.release();
    }

    @Override
    public String toString() {
        return "Message[exchange=" + exchange + ", routingKey=" + routingKey + ", " + body.readableBytes() + " bytes]";
    }
}
