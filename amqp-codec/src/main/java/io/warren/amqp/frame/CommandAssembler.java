package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.method.Method;

/**
 * Joins a content-bearing method, its content header and its body frames into one
 * {@link ContentCommand}, per channel, as Netty's HTTP aggregator joins an HTTP message.
 *
 * <p>Methods without content pass through as {@link MethodFrame}s, as do heartbeats and errors.
 * Frames out of order become a {@link ProtocolError} with RabbitMQ's reply code and text: 505
 * UNEXPECTED_FRAME for a frame the channel's state does not expect, 501 FRAME_ERROR for a body
 * larger than its header announced or than {@code maxBodySize}.
 *
 * <p>A body that arrives in one frame is passed on as that frame's slice; one that arrives in
 * several becomes a composite of the slices. Nothing is copied. One instance per connection.
 */
public final class CommandAssembler extends ChannelInboundHandlerAdapter {
    /** RabbitMQ's ceiling on a message body, whatever its configured max_message_size. */
    public static final long DEFAULT_MAX_BODY_SIZE = 512L * 1024 * 1024;

    private final long maxBodySize;
    private final IntObjectMap<PartialCommand> partials = new IntObjectHashMap<>(4);

    public CommandAssembler() {
        this(DEFAULT_MAX_BODY_SIZE);
    }

    public CommandAssembler(long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MethodFrame frame) {
            onMethod(ctx, frame);
        } else if (msg instanceof ContentHeaderFrame frame) {
            onHeader(ctx, frame);
        } else if (msg instanceof ContentBodyFrame frame) {
            onBody(ctx, frame);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Forgets a partly received command on {@code channel}, e.g. when the broker closes that channel
     * and will discard what follows.
     */
    public void resetChannel(int channel) {
        PartialCommand partial = partials.remove(channel);
        if (partial != null) {
            partial.release();
        }
    }

    private void onMethod(ChannelHandlerContext ctx, MethodFrame frame) {
        PartialCommand partial = partials.get(frame.channel());
        if (partial != null) {
            unexpected(ctx, partial, partial.header == null
                    ? "expected content header for class " + partial.method.classId()
                            + ", got non content header frame instead"
                    : "expected content body, got non content body frame instead");
            return;
        }
        if (frame.method().hasContent()) {
            partials.put(frame.channel(), new PartialCommand(frame.channel(), frame.method()));
        } else {
            ctx.fireChannelRead(frame);
        }
    }

    private void onHeader(ChannelHandlerContext ctx, ContentHeaderFrame frame) {
        PartialCommand partial = partials.get(frame.channel());
        ContentHeader header = frame.header();
        if (partial == null) {
            fail(ctx, ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead",
                    frame.channel(), 0, 0);
            return;
        }
        if (partial.header != null) {
            unexpected(ctx, partial, "expected content body, got non content body frame instead");
            return;
        }
        if (header.classId() != partial.method.classId()) {
            unexpected(ctx, partial, "expected content header for class " + partial.method.classId()
                    + ", got one for class " + header.classId() + " instead");
            return;
        }
        if (header.bodySize() > maxBodySize) {
            drop(partial);
            fail(ctx, ReplyCode.FRAME_ERROR, "content body size " + header.bodySize()
                    + " exceeds maximum allowed size " + maxBodySize, partial.channel,
                    partial.method.classId(), partial.method.methodId());
            return;
        }
        partial.header = header;
        partial.remaining = header.bodySize();
        if (partial.remaining == 0) {
            complete(ctx, partial, Unpooled.EMPTY_BUFFER);
        }
    }

    private void onBody(ChannelHandlerContext ctx, ContentBodyFrame frame) {
        ByteBuf fragment = frame.content();
        PartialCommand partial = partials.get(frame.channel());
        if (partial == null || partial.header == null) {
            fragment.release();
            if (partial == null) {
                fail(ctx, ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead",
                        frame.channel(), 0, 0);
            } else {
                unexpected(ctx, partial, "expected content header for class " + partial.method.classId()
                        + ", got non content header frame instead");
            }
            return;
        }
        int length = fragment.readableBytes();
        if (length > partial.remaining) {
            fragment.release();
            drop(partial);
            fail(ctx, ReplyCode.FRAME_ERROR, "content body frame exceeds remaining content size",
                    partial.channel, partial.method.classId(), partial.method.methodId());
            return;
        }
        partial.remaining -= length;
        if (partial.remaining == 0 && partial.body == null) {
            complete(ctx, partial, fragment);
            return;
        }
        partial.append(ctx, fragment);
        if (partial.remaining == 0) {
            complete(ctx, partial, partial.body);
        }
    }

    private void complete(ChannelHandlerContext ctx, PartialCommand partial, ByteBuf body) {
        partials.remove(partial.channel);
        partial.body = null;
        ctx.fireChannelRead(new ContentCommand(partial.channel, partial.method, partial.header, body));
    }

    private void unexpected(ChannelHandlerContext ctx, PartialCommand partial, String detail) {
        drop(partial);
        fail(ctx, ReplyCode.UNEXPECTED_FRAME, detail, partial.channel,
                partial.method.classId(), partial.method.methodId());
    }

    private void drop(PartialCommand partial) {
        partials.remove(partial.channel);
        partial.release();
    }

    private static void fail(ChannelHandlerContext ctx, ReplyCode code, String detail, int channel,
                             int classId, int methodId) {
        ctx.fireChannelRead(new ProtocolError(code, detail, channel, classId, methodId, false));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    private void releaseAll() {
        for (PartialCommand partial : partials.values()) {
            partial.release();
        }
        partials.clear();
    }

    /** A command whose method has arrived but whose header or body has not yet all arrived. */
    private static final class PartialCommand {
        final int channel;
        final Method method;
        ContentHeader header;
        long remaining;
        ByteBuf body;

        PartialCommand(int channel, Method method) {
            this.channel = channel;
            this.method = method;
        }

        void append(ChannelHandlerContext ctx, ByteBuf fragment) {
            if (body == null) {
                body = fragment;
                return;
            }
            if (!(body instanceof CompositeByteBuf)) {
                // No component limit: past one, Netty would consolidate by copying the body.
                CompositeByteBuf composite = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                composite.addComponent(true, body);
                body = composite;
            }
            ((CompositeByteBuf) body).addComponent(true, fragment);
        }

        void release() {
            if (body != null) {
                body.release();
                body = null;
            }
        }
    }

    /** Exposed for tests: how many channels hold a partly received command. */
    int pendingChannels() {
        return partials.size();
    }
}
