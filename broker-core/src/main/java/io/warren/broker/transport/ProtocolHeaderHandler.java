package io.warren.broker.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.frame.ProtocolHeader;
import io.warren.amqp.frame.UnsupportedProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the AMQP 0-9-1 protocol header and answers any other with the one Warren speaks before
 * closing, as the spec requires. The connection protocol proper (start, tune, open) replaces it.
 */
public final class ProtocolHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProtocolHeaderHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof UnsupportedProtocol unsupported) {
            log.info("closing connection from {}: unsupported protocol header '{}'",
                    ctx.channel().remoteAddress(), unsupported.received());
            ctx.writeAndFlush(ProtocolHeader.INSTANCE).addListener(ChannelFutureListener.CLOSE);
        } else if (!(msg instanceof ProtocolHeader)) {
            ReferenceCountUtil.release(msg);
        }
    }
}
