package io.warren.amqp.frame;

/**
 * The 8 bytes a client sends before any frame: {@code "AMQP" 0 0 9 1} (or, from old clients,
 * {@code "AMQP" 1 1 0 9}, which means the same protocol). The decoder passes
 * {@link #INSTANCE} on when it sees them; a server writes it back when a client asks for a protocol
 * it does not speak, as the spec requires, and then closes the socket.
 */
public final class ProtocolHeader {
    public static final ProtocolHeader INSTANCE = new ProtocolHeader();

    private static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    /** The header old clients send for 0-9-1, which RabbitMQ accepts too: {@code "AMQP" 1 1 0 9}. */
    private static final byte[] LEGACY = {'A', 'M', 'Q', 'P', 1, 1, 0, 9};

    private ProtocolHeader() {
    }

    public static int length() {
        return AMQP_0_9_1.length;
    }

    /** The header's bytes (a copy). */
    public static byte[] bytes() {
        return AMQP_0_9_1.clone();
    }

    static byte byteAt(int index) {
        return AMQP_0_9_1[index];
    }

    static byte legacyByteAt(int index) {
        return LEGACY[index];
    }

    /** Whether the 8 bytes at {@code index} are a header Warren speaks (0-9-1, in either spelling). */
    static boolean matches(io.netty.buffer.ByteBuf in, int index) {
        return matches(in, index, AMQP_0_9_1) || matches(in, index, LEGACY);
    }

    private static boolean matches(io.netty.buffer.ByteBuf in, int index, byte[] header) {
        for (int i = 0; i < header.length; i++) {
            if (in.getByte(index + i) != header[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ProtocolHeader[AMQP 0-9-1]";
    }
}
