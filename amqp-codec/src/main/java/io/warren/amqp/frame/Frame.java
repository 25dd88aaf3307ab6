package io.warren.amqp.frame;

/**
 * One AMQP frame as {@link FrameDecoder} reads it: a method, a content header, a slice of body, or
 * a heartbeat, each on a channel (0 for the connection itself).
 */
public sealed interface Frame permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {
    int channel();
}
