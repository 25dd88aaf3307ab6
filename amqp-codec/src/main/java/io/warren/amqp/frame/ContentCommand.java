package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.method.Method;

/**
 * A method with its content: {@code basic.publish} as {@link CommandAssembler} puts it together, or
 * {@code basic.deliver}, {@code basic.get-ok} and {@code basic.return} as the broker writes them.
 *
 * <p>The body is the holder's content: a slice of the read buffer when it arrived in one frame, a
 * composite of slices when it arrived in several. Releasing the command releases the body.
 */
public final class ContentCommand extends DefaultByteBufHolder {
    private final int channel;
    private final Method method;
    private final ContentHeader header;

    public ContentCommand(int channel, Method method, ContentHeader header, ByteBuf body) {
        super(body);
        if (header.bodySize() != body.readableBytes()) {
            throw new IllegalArgumentException("content header announces " + header.bodySize()
                    + " bytes but the body has " + body.readableBytes());
        }
        this.channel = channel;
        this.method = method;
        this.header = header;
    }

    public int channel() {
        return channel;
    }

    public Method method() {
        return method;
    }

    public ContentHeader header() {
        return header;
    }

    public ByteBuf body() {
        return content();
    }

    @Override
    public ContentCommand replace(ByteBuf content) {
        return new ContentCommand(channel, method, header.withBodySize(content.readableBytes()), content);
    }

    @Override
    public String toString() {
        return "ContentCommand[channel=" + channel + ", " + method + ", " + header + "]";
    }
}
