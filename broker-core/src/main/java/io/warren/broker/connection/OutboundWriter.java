package io.warren.broker.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.frame.FrameEncoder;
import io.warren.amqp.frame.FrameWriter;

/**
 * Everything a connection writes to its socket, in order, flushed once per batch.
 *
 * <p>Deliveries, the broker's most frequent writes, are encoded straight into a shared buffer that
 * takes many of them, rather than each being its own buffer and its own trip down the pipeline: a
 * batch of small messages becomes a few large writes. Bodies above
 * {@link #COPY_THRESHOLD} are not copied: they go out as slices of the stored message between the
 * shared buffers. Other frames pass through the pipeline's {@link FrameEncoder}; the shared buffer
 * is written out before them, so order is kept.
 */
final class OutboundWriter {
    /** Bodies up to this size are copied into the shared buffer; a copy of a few cache lines is cheaper than another buffer. */
    static final int COPY_THRESHOLD = 2048;
    private static final int CHUNK = 32 * 1024;

    private final ChannelHandlerContext ctx;
    private ByteBuf open;
    private int maxBodyPayload = FrameWriter.maxBodyPayload(FrameEncoder.DEFAULT_FRAME_MAX);
    private boolean pendingFlush;
    private boolean wroteSinceLastLook;

    OutboundWriter(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void frameMax(int frameMax) {
        maxBodyPayload = FrameWriter.maxBodyPayload(frameMax);
    }

    /** Writes a frame or command through the encoder. */
    void write(Object frame) {
        seal();
        ctx.write(frame, ctx.voidPromise());
        pendingFlush = true;
        wroteSinceLastLook = true;
    }

    /** Writes a {@code basic.deliver} with its content; takes {@code body}'s reference over. */
    void delivery(int channel, byte[] encodedConsumerTag, long deliveryTag, boolean redelivered,
                  byte[] encodedAddress, ContentHeader header, ByteBuf body) {
        try {
            int bodySize = body.readableBytes();
            int copied = bodySize <= COPY_THRESHOLD ? bodySize + 8 * (1 + bodySize / maxBodyPayload) : 0;
            ByteBuf buf = room(FrameWriter.deliverFrameSize(encodedConsumerTag, encodedAddress)
                    + header.payloadSize() + 8 + copied + 8);
            FrameWriter.writeDeliverFrame(buf, channel, encodedConsumerTag, deliveryTag, redelivered, encodedAddress);
            FrameWriter.writeContentHeaderFrame(buf, channel, header);
            int offset = body.readerIndex();
            int remaining = bodySize;
            while (remaining > 0) {
                int chunk = Math.min(remaining, maxBodyPayload);
                buf = room(8 + (chunk <= COPY_THRESHOLD ? chunk : 0));
                FrameWriter.writeBodyFrameHeader(buf, channel, chunk);
                if (chunk <= COPY_THRESHOLD) {
                    buf.writeBytes(body, offset, chunk);
                } else {
                    seal();
                    ctx.write(body.retainedSlice(offset, chunk), ctx.voidPromise());
                    buf = room(1);
                }
                FrameWriter.writeFrameEnd(buf);
                offset += chunk;
                remaining -= chunk;
            }
        } finally {
            body.release();
        }
        pendingFlush = true;
        wroteSinceLastLook = true;
    }

    /** Writes and flushes a heartbeat now. */
    void heartbeat() {
        FrameWriter.writeHeartbeat(room(8));
        pendingFlush = true;
        flush();
    }

    /** Hands what is buffered to the socket, if anything was written since the last flush. */
    void flush() {
        if (pendingFlush) {
            pendingFlush = false;
            seal();
            ctx.flush();
        }
    }

    /** Whether anything was written since the last call (for heartbeats). */
    boolean wroteSinceLastLook() {
        boolean wrote = wroteSinceLastLook;
        wroteSinceLastLook = false;
        return wrote;
    }

    /** Gives back a buffer not yet written, when the connection ends. */
    void discard() {
        if (open != null) {
            open.release();
            open = null;
        }
    }

    private ByteBuf room(int bytes) {
        if (open != null && open.writableBytes() >= bytes) {
            return open;
        }
        seal();
        open = ctx.alloc().ioBuffer(Math.max(bytes, CHUNK));
        return open;
    }

    private void seal() {
        if (open != null) {
            if (open.isReadable()) {
                ctx.write(open, ctx.voidPromise());
            } else {
                open.release();
            }
            open = null;
        }
    }
}
