package io.warren.broker.message;

import io.netty.buffer.ByteBuf;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;

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

    /** Takes over one reference to {@code body}. */
    public Message(String exchange, String routingKey, ContentHeader header, ByteBuf body) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.header = header;
        this.body = body;
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
