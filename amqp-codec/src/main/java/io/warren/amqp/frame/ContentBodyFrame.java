package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A body frame. Its content is a retained slice of the buffer the bytes were read into: nothing is
 * copied, and whoever takes the frame releases it.
 */
public final class ContentBodyFrame extends DefaultByteBufHolder implements Frame {
    private final int channel;

    public ContentBodyFrame(int channel, ByteBuf payload) {
        super(payload);
        this.channel = channel;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public ContentBodyFrame replace(ByteBuf content) {
        return new ContentBodyFrame(channel, content);
    }

    @Override
    public String toString() {
        return "ContentBodyFrame[channel=" + channel + ", " + content().readableBytes() + " bytes]";
    }
}
