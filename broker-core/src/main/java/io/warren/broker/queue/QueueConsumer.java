package io.warren.broker.queue;

import io.warren.amqp.field.AmqpTypes;
import java.util.Map;

/**
 * A consumer as its queue sees it. {@code inFlight} counts messages delivered and not yet settled;
 * only the queue's thread touches it.
 *
 * @param prefetch the most unacknowledged messages at a time, 0 for no limit ({@code basic.qos}
 *     with global=false); ignored for no-ack consumers, as in RabbitMQ
 * @param priority from the {@code x-priority} argument: higher-priority consumers get messages
 *     first while they have room
 */
public final class QueueConsumer {
    private final String tag;
    private final DeliveryTarget target;
    private final boolean noAck;
    private final boolean exclusive;
    private final int prefetch;
    private final int priority;
    private final Map<String, Object> arguments;
    private final byte[] encodedTag;
    int inFlight;

    public QueueConsumer(String tag, DeliveryTarget target, boolean noAck, boolean exclusive, int prefetch,
                         int priority, Map<String, Object> arguments) {
        this.tag = tag;
        this.target = target;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.prefetch = prefetch;
        this.priority = priority;
        this.arguments = arguments;
        this.encodedTag = AmqpTypes.encodeShortStrings(tag);
    }

    /** The tag as a short string in wire form, copied into every delivery. */
    public byte[] encodedTag() {
        return encodedTag;
    }

    public String tag() {
        return tag;
    }

    public DeliveryTarget target() {
        return target;
    }

    public boolean isNoAck() {
        return noAck;
    }

    public boolean isExclusive() {
        return exclusive;
    }

    public int prefetch() {
        return prefetch;
    }

    public int priority() {
        return priority;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    boolean hasRoom() {
        return noAck || prefetch == 0 || inFlight < prefetch;
    }

    @Override
    public String toString() {
        return "QueueConsumer[" + tag + "]";
    }
}
