package io.warren.management.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Serves {@code GET /metrics} on the management listener, without authentication, as RabbitMQ's
 * Prometheus plugin serves it; every other request passes on to the API. It sits in the pipeline
 * ahead of the API's handler so that it needs neither the API's JSON responses nor its login.
 */
@Sharable
public final class MetricsHandler extends ChannelInboundHandlerAdapter {
    public static final String PATH = "/metrics";

    private final PrometheusMetrics metrics;

    public MetricsHandler(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isMetricsRequest(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        request.release();
        ByteBuf body = metrics.render();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? ctx.alloc().buffer(0) : body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, PrometheusMetrics.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (head) {
            body.release();
        }
        ctx.writeAndFlush(response);
    }

    private static boolean isMetricsRequest(FullHttpRequest request) {
        return (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                && PATH.equals(new QueryStringDecoder(request.uri()).path());
    }
}
