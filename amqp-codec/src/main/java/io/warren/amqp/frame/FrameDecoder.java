package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warren.amqp.AmqpConstants;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.method.Method;
import io.warren.amqp.method.MethodDecoder;
import java.util.List;

/**
 * Turns bytes into {@link Frame}s: an explicit state machine over protocol header, frame header,
 * payload and frame end, in the manner of Netty's HTTP decoder.
 *
 * <p>It never throws for bad input. What breaks the protocol becomes a {@link ProtocolError} passed
 * down the pipeline like any frame, carrying the reply code the broker must answer with (and, for
 * framing errors, RabbitMQ's own wording, e.g. {@code type 1, all octets = <<0,20>>:
 * {invalid_frame_end_marker,0}}):
 * <ul>
 *   <li>501 FRAME_ERROR: a payload larger than the negotiated frame-max (checked from the frame
 *       header, before anything is buffered; like RabbitMQ, a payload of exactly frame-max passes) or a missing frame-end octet — framing is lost, so
 *       the decoder then discards all further input — and an unknown frame type or a heartbeat
 *       with a payload, after which decoding goes on;</li>
 *   <li>505 UNEXPECTED_FRAME: a heartbeat on a channel other than 0 (RabbitMQ's code for it);</li>
 *   <li>502 SYNTAX_ERROR: a method or content header whose fields do not parse;</li>
 *   <li>540 NOT_IMPLEMENTED: a class or method id the protocol does not define.</li>
 * </ul>
 * A body frame's payload is a retained slice of the read buffer; nothing is copied.
 *
 * <p>One instance per connection. {@link #setFrameMax} is called from the connection's event loop
 * once {@code connection.tune-ok} settles the limit.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private enum State { PROTOCOL_HEADER, FRAMES, DISCARD }

    private State state;
    private int frameMax;

    private FrameDecoder(State initial, int frameMax) {
        this.state = initial;
        setFrameMax(frameMax);
    }

    /**
     * A decoder for the server side: it expects the protocol header first.
     *
     * @param initialFrameMax the frame size allowed before tuning; it bounds {@code connection.start-ok},
     *     which may carry large client properties or a token
     */
    public static FrameDecoder forServer(int initialFrameMax) {
        return new FrameDecoder(State.PROTOCOL_HEADER, initialFrameMax);
    }

    /** A decoder for the client side of a connection (tests, benchmarks): frames from the first byte. */
    public static FrameDecoder forClient(int frameMax) {
        return new FrameDecoder(State.FRAMES, frameMax);
    }

    /**
     * Sets the largest frame accepted, header and frame-end included, as negotiated by
     * {@code connection.tune}; 0 means the protocol's "no limit", which is capped at 2 GiB.
     */
    public void setFrameMax(int frameMax) {
        if (frameMax != 0 && frameMax < AmqpConstants.FRAME_MIN_SIZE) {
            throw new IllegalArgumentException("frame-max below the protocol minimum of "
                    + AmqpConstants.FRAME_MIN_SIZE + ": " + frameMax);
        }
        // Like RabbitMQ, tolerate a payload of up to frame-max itself: some clients forget the 8 bytes
        // of frame overhead, and refusing them buys nothing.
        this.frameMax = frameMax == 0 ? Integer.MAX_VALUE - AmqpConstants.FRAME_OVERHEAD : frameMax;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.PROTOCOL_HEADER) {
            decodeProtocolHeader(in, out);
        }
        if (state == State.FRAMES) {
            while (state == State.FRAMES && decodeFrame(in, out)) {
                // One read often carries many frames: take them all before returning.
            }
        }
        if (state == State.DISCARD) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void decodeProtocolHeader(ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), ProtocolHeader.length());
        for (int i = 0; i < available; i++) {
            byte b = in.getByte(in.readerIndex() + i);
            if (b != ProtocolHeader.byteAt(i) && b != ProtocolHeader.legacyByteAt(i)) {
                // Answer as soon as a byte differs: a client speaking HTTP need not send 8 bytes first.
                out.add(new UnsupportedProtocol(printable(in, available)));
                state = State.DISCARD;
                return;
            }
        }
        if (available == ProtocolHeader.length()) {
            if (!ProtocolHeader.matches(in, in.readerIndex())) {
                out.add(new UnsupportedProtocol(printable(in, available)));
                state = State.DISCARD;
                return;
            }
            in.skipBytes(available);
            out.add(ProtocolHeader.INSTANCE);
            state = State.FRAMES;
        }
    }

    /** Decodes one frame if it has fully arrived; returns false when more bytes are needed. */
    private boolean decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < AmqpConstants.FRAME_HEADER_SIZE) {
            return false;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        if (size > frameMax) {
            lose(out, channel, "type " + type + ", all octets = <<>>: {frame_too_large," + size + ","
                    + (frameMax - AmqpConstants.FRAME_OVERHEAD) + "}");
            return false;
        }
        int payloadSize = (int) size;
        if (in.readableBytes() < AmqpConstants.FRAME_OVERHEAD + payloadSize) {
            return false;
        }
        int endMarker = in.getUnsignedByte(start + AmqpConstants.FRAME_HEADER_SIZE + payloadSize);
        if (endMarker != AmqpConstants.FRAME_END) {
            lose(out, channel, "type " + type + ", " + octets(in, start + AmqpConstants.FRAME_HEADER_SIZE, payloadSize)
                    + ": {invalid_frame_end_marker," + endMarker + "}");
            return false;
        }
        ByteBuf payload = in.slice(start + AmqpConstants.FRAME_HEADER_SIZE, payloadSize);
        in.skipBytes(AmqpConstants.FRAME_OVERHEAD + payloadSize);
        out.add(parse(type, channel, payload));
        return true;
    }

    private Object parse(int type, int channel, ByteBuf payload) {
        switch (type) {
            case AmqpConstants.FRAME_METHOD:
                return parseMethod(channel, payload);
            case AmqpConstants.FRAME_HEADER:
                try {
                    return new ContentHeaderFrame(channel, ContentHeader.decode(payload));
                } catch (AmqpDecodingException e) {
                    return error(e.replyCode(), e.getMessage(), channel, 0, 0);
                } catch (RuntimeException e) {
                    return error(ReplyCode.SYNTAX_ERROR, "content header frame is truncated", channel, 0, 0);
                }
            case AmqpConstants.FRAME_BODY:
                return new ContentBodyFrame(channel, payload.retain());
            case AmqpConstants.FRAME_HEARTBEAT:
                if (channel != 0) {
                    return error(ReplyCode.UNEXPECTED_FRAME, "heartbeat frame on channel " + channel
                            + "; heartbeats belong on channel 0", channel, 0, 0);
                }
                if (payload.isReadable()) {
                    return error(ReplyCode.FRAME_ERROR, "heartbeat frame with a payload of "
                            + payload.readableBytes() + " bytes", channel, 0, 0);
                }
                return HeartbeatFrame.INSTANCE;
            default:
                return error(ReplyCode.FRAME_ERROR, "type " + type + ", "
                        + octets(payload, payload.readerIndex(), payload.readableBytes()) + ": unknown_frame",
                        channel, 0, 0);
        }
    }

    private static Object parseMethod(int channel, ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            return error(ReplyCode.SYNTAX_ERROR, "method frame too short to hold a class and method id",
                    channel, 0, 0);
        }
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        Method method;
        try {
            method = MethodDecoder.decode(classId, methodId, payload);
        } catch (AmqpDecodingException e) {
            return error(e.replyCode(), e.getMessage(), channel, classId, methodId);
        } catch (RuntimeException e) {
            return error(ReplyCode.SYNTAX_ERROR, "arguments of method " + classId + "." + methodId
                    + " are truncated or malformed", channel, classId, methodId);
        }
        if (payload.isReadable()) {
            return error(ReplyCode.SYNTAX_ERROR, method.name() + " frame has " + payload.readableBytes()
                    + " bytes after its arguments", channel, classId, methodId);
        }
        return new MethodFrame(channel, method);
    }

    private void lose(List<Object> out, int channel, String detail) {
        out.add(new ProtocolError(ReplyCode.FRAME_ERROR, detail, channel, 0, 0, true));
        state = State.DISCARD;
    }

    private static ProtocolError error(ReplyCode code, String detail, int channel, int classId, int methodId) {
        return new ProtocolError(code, detail, channel, classId, methodId, false);
    }

    /**
     * A payload as RabbitMQ quotes it in frame errors: {@code all octets = <<0,20,0,10>>}, or the
     * {@code first 16 octets} of a longer one.
     */
    private static String octets(ByteBuf in, int from, int length) {
        int shown = Math.min(length, 16);
        StringBuilder text = new StringBuilder(length <= 16 ? "all octets = <<" : "first 16 octets = <<");
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(in.getUnsignedByte(from + i));
        }
        return text.append(">>").toString();
    }

    private static String printable(ByteBuf in, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = in.getUnsignedByte(in.readerIndex() + i);
            if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
