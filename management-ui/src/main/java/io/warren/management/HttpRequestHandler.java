package io.warren.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each aggregated HTTP request with what the {@link Router} returns, written as JSON.
 * A route that throws gets a 500 in RabbitMQ's error shape rather than a dropped connection.
 * Keep-alive is handled by {@code HttpServerKeepAliveHandler} before this one.
 */
@Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final Router router;
    private final ObjectMapper json;
    /** The web console's files; requests for anything else go to the router. */
    private final StaticFiles console = StaticFiles.console();

    HttpRequestHandler(Router router, ObjectMapper json) {
        this.router = router;
        this.json = json;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse file = console.respond(request);
        if (file != null) {
            ctx.writeAndFlush(file);
            return;
        }
        JsonResponse answer;
        try {
            answer = router.dispatch(request);
        } catch (Exception e) {
            log.warn("{} {} failed", request.method(), request.uri(), e);
            answer = JsonResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                    String.valueOf(e.getMessage()));
        }
        ctx.writeAndFlush(toHttp(answer));
    }

    private FullHttpResponse toHttp(JsonResponse answer) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(answer.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response body as JSON", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                answer.status(), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that vanishes mid-request is routine; nothing here is worth more than a debug line.
        log.debug("management connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
