package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.AmqpConstants;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Helpers shared by the frame tests: hand-built wire bytes (independent of {@link FrameWriter}),
 * leak-tracked input buffers, and draining an {@link EmbeddedChannel} while releasing what it held.
 */
final class FrameTesting {
    static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private FrameTesting() {
    }

    /** A pooled (hence leak-tracked) copy of {@code bytes}, as a socket read would deliver it. */
    static ByteBuf input(EmbeddedChannel channel, byte[] bytes) {
        return input(channel, bytes, 0, bytes.length);
    }

    static ByteBuf input(EmbeddedChannel channel, byte[] bytes, int offset, int length) {
        return channel.alloc().buffer(Math.max(length, 1)).writeBytes(bytes, offset, length);
    }

    /** Writes {@code bytes} inbound as one read. */
    static void feed(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(input(channel, bytes));
    }

    /** Everything the channel passed inbound. The caller releases it, e.g. with {@link #release}. */
    static List<Object> inbound(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add(msg);
        }
        return out;
    }

    static void release(List<?> messages) {
        for (Object msg : messages) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Describes and releases everything the channel passed inbound. */
    static List<String> describeInbound(EmbeddedChannel channel) {
        List<Object> msgs = inbound(channel);
        try {
            List<String> out = new ArrayList<>();
            for (Object msg : msgs) {
                out.add(describe(msg));
            }
            return out;
        } finally {
            release(msgs);
        }
    }

    /** A value description of a decoded message, bytes included, for comparing decodes. */
    static String describe(Object msg) {
        if (msg instanceof ContentHeaderFrame frame) {
            return "ContentHeaderFrame[channel=" + frame.channel() + ", class=" + frame.header().classId()
                    + ", bodySize=" + frame.header().bodySize() + ", " + frame.header().properties()
                    + ", raw=" + hex(frame.header().encodedProperties()) + "]";
        }
        if (msg instanceof ContentBodyFrame frame) {
            return "ContentBodyFrame[channel=" + frame.channel() + ", " + ByteBufUtil.hexDump(frame.content()) + "]";
        }
        if (msg instanceof ContentCommand command) {
            return "ContentCommand[channel=" + command.channel() + ", " + command.method() + ", bodySize="
                    + command.header().bodySize() + ", " + command.header().properties() + ", body="
                    + ByteBufUtil.hexDump(command.body()) + "]";
        }
        return String.valueOf(msg);
    }

    /** Concatenates and releases every buffer the channel wrote outbound. */
    static byte[] outboundBytes(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf : outboundBuffers(channel)) {
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    /** The buffers the channel wrote outbound; the caller releases them. */
    static List<ByteBuf> outboundBuffers(EmbeddedChannel channel) {
        List<ByteBuf> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            out.add((ByteBuf) msg);
        }
        return out;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- hand-built wire bytes -------------------------------------------------------------------

    /** A frame: type, channel, payload size, payload, frame-end. */
    static byte[] frame(int type, int channel, byte[] payload) {
        return new Bytes().octet(type).shortInt(channel).longInt(payload.length).raw(payload)
                .octet(AmqpConstants.FRAME_END).toArray();
    }

    static byte[] methodFrame(int channel, int classId, int methodId, byte[] arguments) {
        return frame(AmqpConstants.FRAME_METHOD, channel,
                new Bytes().shortInt(classId).shortInt(methodId).raw(arguments).toArray());
    }

    /** A content header frame for class basic with weight 0 and the given property bytes. */
    static byte[] headerFrame(int channel, long bodySize, byte[] properties) {
        return frame(AmqpConstants.FRAME_HEADER, channel,
                new Bytes().shortInt(60).shortInt(0).longLong(bodySize).raw(properties).toArray());
    }

    static byte[] bodyFrame(int channel, byte[] payload) {
        return frame(AmqpConstants.FRAME_BODY, channel, payload);
    }

    static byte[] heartbeatFrame() {
        return frame(AmqpConstants.FRAME_HEARTBEAT, 0, new byte[0]);
    }

    /** {@code basic.publish} on {@code channel}: ticket 0, exchange, routing key, mandatory/immediate bits. */
    static byte[] publishFrame(int channel, String exchange, String routingKey, boolean mandatory) {
        return methodFrame(channel, 60, 40, new Bytes().shortInt(0).shortStr(exchange).shortStr(routingKey)
                .octet(mandatory ? 1 : 0).toArray());
    }

    /** A content header with no properties. */
    static byte[] emptyHeaderFrame(int channel, long bodySize) {
        return headerFrame(channel, bodySize, new byte[] {0, 0});
    }

    static byte[] ackFrame(int channel, long deliveryTag, boolean multiple) {
        return methodFrame(channel, 60, 80, new Bytes().longLong(deliveryTag).octet(multiple ? 1 : 0).toArray());
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** A big-endian byte builder for hand-written protocol bytes. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes octet(int value) {
            out.write(value);
            return this;
        }

        Bytes shortInt(int value) {
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Bytes longInt(long value) {
            shortInt((int) (value >>> 16));
            return shortInt((int) value & 0xFFFF);
        }

        Bytes longLong(long value) {
            longInt(value >>> 32);
            return longInt(value & 0xFFFF_FFFFL);
        }

        Bytes shortStr(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            octet(bytes.length);
            return raw(bytes);
        }

        Bytes longStr(byte[] bytes) {
            longInt(bytes.length);
            return raw(bytes);
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
