package io.warren.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import io.warren.broker.AmqpException;
import io.warren.broker.security.User;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each aggregated HTTP request in RabbitMQ's order of checks: an unknown path is 404, a
 * known path with a method it does not serve 405 (with {@code Allow}), then the login and the
 * route's tag ({@link Access}), then the route. A route's {@link ApiException} becomes its error
 * answer, an {@link AmqpException} RabbitMQ's HTTP form of it, anything else a 500.
 *
 * <p>Routes run, and answers are serialised, on the management workers, not on the broker's event
 * loops; a route may also answer later (a queue's callback). The response is written on the
 * connection's event loop. Meanwhile the connection is not read, and requests already received
 * (HTTP pipelining) wait their turn, so answers keep the order of requests.
 */
@Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    /** Requests that arrived (pipelined) while an earlier one waits for its answer; retained, in order. */
    private static final AttributeKey<ArrayDeque<FullHttpRequest>> WAITING = AttributeKey.valueOf("warren.waiting");
    /** Set while a request of this connection is being answered. */
    private static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("warren.busy");

    private final Router router;
    private final ObjectMapper json;
    private final BasicAuth auth;
    private final Executor workers;

    /**
     * @param workers where routes run and answers are serialised: not the broker's event loops,
     *     which also run AMQP connections and queues, so a large list never stalls them
     */
    HttpRequestHandler(Router router, ObjectMapper json, BasicAuth auth, Executor workers) {
        this.router = router;
        this.json = json;
        this.auth = auth;
        this.workers = workers;
    }

    /** What a request carries, copied off the network buffers so it can be answered on another thread. */
    private record Incoming(HttpMethod method, String uri, HttpHeaders headers, byte[] body, SocketAddress remote) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (Boolean.TRUE.equals(ctx.channel().attr(BUSY).get())) {
            waiting(ctx).add(request.retain());
            return;
        }
        start(ctx, request);
    }

    private static ArrayDeque<FullHttpRequest> waiting(ChannelHandlerContext ctx) {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        if (waiting == null) {
            waiting = new ArrayDeque<>();
            ctx.channel().attr(WAITING).set(waiting);
        }
        return waiting;
    }

    /** Hands the request to the workers; the connection is not read until its answer is written. */
    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.channel().attr(BUSY).set(true);
        ctx.channel().config().setAutoRead(false);
        Incoming in = new Incoming(request.method(), request.uri(), request.headers().copy(),
                ByteBufUtil.getBytes(request.content()), ctx.channel().remoteAddress());
        CompletableFuture.supplyAsync(() -> answer(in), workers)
                .thenCompose(answer -> answer)
                .handleAsync((response, error) -> toHttp(error == null ? response : failure(in, unwrap(error))),
                        workers)
                .whenComplete((http, error) -> ctx.executor().execute(() -> {
                    if (error != null) {
                        log.warn("{} {}: cannot write the answer", in.method(), in.uri(), error);
                        ctx.close();
                    } else {
                        ctx.writeAndFlush(http);
                    }
                    resume(ctx);
                }));
    }

    /** The answer went out: carry on with requests that came in meanwhile, then read again. */
    private void resume(ChannelHandlerContext ctx) {
        ctx.channel().attr(BUSY).set(false);
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        FullHttpRequest next = waiting == null ? null : waiting.poll();
        if (next != null) {
            try {
                start(ctx, next);
            } finally {
                next.release();
            }
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        FullHttpRequest request;
        while (waiting != null && (request = waiting.poll()) != null) {
            request.release();
        }
        super.channelInactive(ctx);
    }

    /** Route, login, tag check, then the route itself; never throws (a failure is a failed stage). */
    private CompletionStage<JsonResponse> answer(Incoming in) {
        QueryStringDecoder uri = new QueryStringDecoder(in.uri());
        Router.Match match = router.match(in.method(), uri.rawPath());
        if (match instanceof Router.NoRoute) {
            return CompletableFuture.completedFuture(JsonResponse.notFound());
        }
        if (match instanceof Router.MethodNotAllowed notAllowed) {
            String allow = notAllowed.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            HttpResponseStatus status = in.method().equals(HttpMethod.OPTIONS)
                    ? HttpResponseStatus.OK : HttpResponseStatus.METHOD_NOT_ALLOWED;
            return CompletableFuture.completedFuture(new JsonResponse(status, null).withHeader("allow", allow));
        }
        Router.Found found = (Router.Found) match;
        Access access = found.endpoint().access();
        User user = null;
        if (access != Access.PUBLIC) {
            BasicAuth.Login login = auth.login(in.headers().get(HttpHeaderNames.AUTHORIZATION), in.remote());
            if (login.refusal() != null) {
                return CompletableFuture.completedFuture(login.refusal());
            }
            user = login.user();
            if (!access.allows(user)) {
                return CompletableFuture.completedFuture(ApiException.notAuthorised(access.refusal()).toResponse());
            }
        }
        ApiRequest request = new ApiRequest(in.method(), uri.rawPath(), found.params(), uri.parameters(),
                in.headers(), in.body(), user, in.remote(), json);
        try {
            return found.endpoint().route().handle(request);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static JsonResponse failure(Incoming request, Throwable error) {
        if (error instanceof ApiException api) {
            return api.toResponse();
        }
        if (error instanceof AmqpException amqp) {
            return ApiException.from(amqp).toResponse();
        }
        log.warn("{} {} failed", request.method(), request.uri(), error);
        return JsonResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                String.valueOf(error.getMessage()));
    }

    private FullHttpResponse toHttp(JsonResponse answer) {
        byte[] body;
        String contentType = null;
        if (answer.body() == null) {
            body = new byte[0];
        } else if (answer.body() instanceof JsonResponse.Raw raw) {
            body = raw.bytes();
            contentType = raw.contentType();
        } else {
            try {
                body = json.writeValueAsBytes(answer.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the response body as JSON", e);
            }
            contentType = HttpHeaderValues.APPLICATION_JSON.toString();
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                answer.status(), Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that vanishes mid-request is routine; nothing here is worth more than a debug line.
        log.debug("management connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
