package io.warren.amqp.frame;

import io.warren.amqp.method.Method;

/** A method frame. Also what the broker writes for any method that carries no content. */
public record MethodFrame(int channel, Method method) implements Frame {
}
