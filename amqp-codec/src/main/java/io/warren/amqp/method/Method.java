package io.warren.amqp.method;

import io.netty.buffer.ByteBuf;

/**
 * One AMQP 0-9-1 method with its arguments, as an immutable value.
 *
 * <p>There is one record per method of the protocol (RabbitMQ's extensions included), generated from
 * the spec data; {@link MethodDecoder} turns a method frame's payload back into one. Reserved
 * arguments (access tickets, {@code insist}, {@code known-hosts} and the like) are written as zero
 * and ignored on reading, so they do not appear on the records.
 */
public interface Method {
    /** The AMQP class id, e.g. 60 for {@code basic}. */
    int classId();

    /** The method id within its class, e.g. 40 for {@code basic.publish}. */
    int methodId();

    /** The protocol's dotted name, e.g. {@code "basic.publish"}, as used in error texts. */
    String name();

    /** Whether a content header and body frames follow this method on the wire. */
    default boolean hasContent() {
        return false;
    }

    /** Writes the method's arguments (not its class and method ids) in wire format. */
    void writeArguments(ByteBuf out);
}
