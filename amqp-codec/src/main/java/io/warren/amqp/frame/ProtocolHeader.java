package io.warren.amqp.frame;

/**
 * The 8 bytes a client sends before any frame: {@code "AMQP" 0 0 9 1}. The decoder passes
 * {@link #INSTANCE} on when it sees them; a server writes it back when a client asks for a protocol
 * it does not speak, as the spec requires, and then closes the socket.
 */
public final class ProtocolHeader {
    public static final ProtocolHeader INSTANCE = new ProtocolHeader();

    private static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

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

    @Override
    public String toString() {
        return "ProtocolHeader[AMQP 0-9-1]";
    }
}
