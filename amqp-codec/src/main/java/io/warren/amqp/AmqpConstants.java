package io.warren.amqp;

/** Numbers fixed by the AMQP 0-9-1 specification. */
public final class AmqpConstants {
    private AmqpConstants() {
    }

    public static final int FRAME_METHOD = 1;
    public static final int FRAME_HEADER = 2;
    public static final int FRAME_BODY = 3;
    public static final int FRAME_HEARTBEAT = 8;
    public static final int FRAME_END = 0xCE;

    /** Frame type, channel and payload size. */
    public static final int FRAME_HEADER_SIZE = 7;
    /** Frame header plus the frame-end octet: what a frame costs beyond its payload. */
    public static final int FRAME_OVERHEAD = FRAME_HEADER_SIZE + 1;
    /** The smallest frame-max a peer may negotiate, and the limit before tuning. */
    public static final int FRAME_MIN_SIZE = 4096;

    /** The class id of {@code basic}, the only class with content in 0-9-1. */
    public static final int CLASS_BASIC = 60;

    public static final int DEFAULT_PORT = 5672;
}
