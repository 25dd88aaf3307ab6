package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.AttributeKey;
import io.warren.amqp.AmqpConstants;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.method.Method;
import java.util.List;

/**
 * Writes frames, content commands and the protocol header. Stateless and shared by all connections;
 * a connection's negotiated frame-max, which decides how a body is split into frames, lives in the
 * channel attribute {@link #FRAME_MAX}.
 *
 * <p>Bodies up to {@link #COPY_THRESHOLD} bytes are copied into the same buffer as the method and
 * header frames: one small buffer is cheaper to write than three, and the copy is a few cache lines.
 * Larger bodies go out as retained slices of the stored message: zero-copy where it pays.
 */
@Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Object> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    /** The connection's negotiated frame-max; unset means the server default of 128 KiB. */
    public static final AttributeKey<Integer> FRAME_MAX = AttributeKey.valueOf("warren.frameMax");

    public static final int DEFAULT_FRAME_MAX = 131072;
    static final int COPY_THRESHOLD = 2048;

    private FrameEncoder() {
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Frame || msg instanceof ContentCommand || msg instanceof ProtocolHeader;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof MethodFrame frame) {
            out.add(methodFrame(ctx.alloc().ioBuffer(64), frame.channel(), frame.method()));
        } else if (msg instanceof ContentCommand command) {
            encodeCommand(ctx, command, out);
        } else if (msg instanceof HeartbeatFrame) {
            ByteBuf buf = ctx.alloc().ioBuffer(8);
            FrameWriter.writeHeartbeat(buf);
            out.add(buf);
        } else if (msg instanceof ContentHeaderFrame frame) {
            ByteBuf buf = ctx.alloc().ioBuffer(frame.header().payloadSize() + 8);
            FrameWriter.writeContentHeaderFrame(buf, frame.channel(), frame.header());
            out.add(buf);
        } else if (msg instanceof ContentBodyFrame frame) {
            ByteBuf buf = ctx.alloc().ioBuffer(16);
            ByteBuf payload = frame.content();
            FrameWriter.writeBodyFrameHeader(buf, frame.channel(), payload.readableBytes());
            buf = appendBody(ctx, buf, payload, payload.readerIndex(), payload.readableBytes(), out);
            FrameWriter.writeFrameEnd(buf);
            out.add(buf);
        } else if (msg instanceof ProtocolHeader) {
            out.add(ctx.alloc().ioBuffer(8).writeBytes(ProtocolHeader.bytes()));
        }
    }

    private static void encodeCommand(ChannelHandlerContext ctx, ContentCommand command, List<Object> out) {
        ByteBuf body = command.body();
        int bodySize = body.readableBytes();
        ByteBuf buf = methodFrame(ctx.alloc().ioBuffer(96 + command.header().payloadSize()
                + (bodySize <= COPY_THRESHOLD ? bodySize + 8 : 8)), command.channel(), command.method());
        encodeContent(ctx, buf, command.channel(), command.header(), body, out);
    }

    /** The content header frame and body frames after a method frame already in {@code buf}. */
    private static void encodeContent(ChannelHandlerContext ctx, ByteBuf buf, int channel, ContentHeader header,
                                      ByteBuf body, List<Object> out) {
        int bodySize = body.readableBytes();
        int maxPayload = FrameWriter.maxBodyPayload(frameMax(ctx));
        FrameWriter.writeContentHeaderFrame(buf, channel, header);
        int offset = body.readerIndex();
        int remaining = bodySize;
        while (remaining > 0) {
            int chunk = Math.min(remaining, maxPayload);
            FrameWriter.writeBodyFrameHeader(buf, channel, chunk);
            buf = appendBody(ctx, buf, body, offset, chunk, out);
            FrameWriter.writeFrameEnd(buf);
            offset += chunk;
            remaining -= chunk;
        }
        out.add(buf);
    }

    /**
     * Writes a method frame into {@code buf}, releasing it if the method cannot be encoded (e.g. a
     * short string over 255 bytes): the buffer is not yet in {@code out}, so nobody else would.
     */
    private static ByteBuf methodFrame(ByteBuf buf, int channel, Method method) {
        try {
            FrameWriter.writeMethodFrame(buf, channel, method);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * Appends {@code length} body bytes after a body frame header in {@code buf}: copied when small,
     * otherwise as a retained slice between {@code buf} and a fresh buffer, which is returned.
     */
    private static ByteBuf appendBody(ChannelHandlerContext ctx, ByteBuf buf, ByteBuf body, int offset,
                                      int length, List<Object> out) {
        if (length <= COPY_THRESHOLD) {
            buf.writeBytes(body, offset, length);
            return buf;
        }
        out.add(buf);
        out.add(body.retainedSlice(offset, length));
        return ctx.alloc().ioBuffer(32);
    }

    /** The negotiated frame-max; anything the protocol does not allow counts as the minimum. */
    private static int frameMax(ChannelHandlerContext ctx) {
        Integer frameMax = ctx.channel().attr(FRAME_MAX).get();
        if (frameMax == null) {
            return DEFAULT_FRAME_MAX;
        }
        return frameMax == 0 ? 0 : Math.max(frameMax, AmqpConstants.FRAME_MIN_SIZE);
    }
}
