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
import io.netty.util.AttributeKey;
import io.warren.broker.AmqpException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each aggregated HTTP request in RabbitMQ's order of checks: an unknown path is 404, a
 * known path with a method it does not serve 405 (with {@code Allow}), then the login and the
 * route's tag ({@link Access}), then the route. A route's {@link ApiException} becomes its error
 * answer, an {@link AmqpException} RabbitMQ's HTTP form of it, anything else a 500.
 *
 * <p>Routes may answer later (a queue's callback): the response is written when their stage
 * completes, on the connection's event loop. Meanwhile the connection is not read, and requests
 * already received (HTTP pipelining) wait their turn, so answers keep the order of requests.
 */
@Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final Router router;
    private final ObjectMapper json;
    private final BasicAuth auth;

    HttpRequestHandler(Router router, ObjectMapper json, BasicAuth auth) {
        this.router = router;
        this.json = json;
        this.auth = auth;
    }

    /** Requests that arrived (pipelined) while an earlier one waits for its answer; retained, in order. */
    private static final AttributeKey<ArrayDeque<FullHttpRequest>> WAITING = AttributeKey.valueOf("warren.waiting");
    /** Set while a request of this connection waits for an asynchronous answer. */
    private static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("warren.busy");

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (Boolean.TRUE.equals(ctx.channel().attr(BUSY).get())) {
            waiting(ctx).add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    private static ArrayDeque<FullHttpRequest> waiting(ChannelHandlerContext ctx) {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        if (waiting == null) {
            waiting = new ArrayDeque<>();
            ctx.channel().attr(WAITING).set(waiting);
        }
        return waiting;
    }

    /** The answer went out: carry on with requests that came in meanwhile, then read again. */
    private void resume(ChannelHandlerContext ctx) {
        ctx.channel().attr(BUSY).set(false);
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        FullHttpRequest next;
        while (waiting != null && !Boolean.TRUE.equals(ctx.channel().attr(BUSY).get())
                && (next = waiting.poll()) != null) {
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!Boolean.TRUE.equals(ctx.channel().attr(BUSY).get())) {
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

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Router.Match match = router.match(request.method(), uri.rawPath());
        if (match instanceof Router.NoRoute) {
            write(ctx, JsonResponse.notFound());
        } else if (match instanceof Router.MethodNotAllowed notAllowed) {
            String allow = notAllowed.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            HttpResponseStatus status = request.method().equals(HttpMethod.OPTIONS)
                    ? HttpResponseStatus.OK : HttpResponseStatus.METHOD_NOT_ALLOWED;
            write(ctx, new JsonResponse(status, null).withHeader("allow", allow));
        } else {
            Router.Found found = (Router.Found) match;
            Access access = found.endpoint().access();
            io.warren.broker.security.User user = null;
            if (access != Access.PUBLIC) {
                BasicAuth.Login login = auth.login(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                        ctx.channel().remoteAddress());
                if (login.refusal() != null) {
                    write(ctx, login.refusal());
                    return;
                }
                user = login.user();
                if (!access.allows(user)) {
                    write(ctx, ApiException.notAuthorised(access.refusal()).toResponse());
                    return;
                }
            }
            ApiRequest apiRequest = new ApiRequest(request.method(), uri.rawPath(), found.params(), uri.parameters(),
                    request.headers().copy(), ByteBufUtil.getBytes(request.content()), user,
                    ctx.channel().remoteAddress(), json);
            run(ctx, found.endpoint(), apiRequest);
        }
    }

    private void run(ChannelHandlerContext ctx, Router.Endpoint endpoint, ApiRequest request) {
        CompletionStage<JsonResponse> answer;
        try {
            answer = endpoint.route().handle(request);
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<JsonResponse> future = answer.toCompletableFuture();
        if (future.isDone()) {
            write(ctx, outcome(request, future));
            return;
        }
        ctx.channel().attr(BUSY).set(true);
        ctx.channel().config().setAutoRead(false);
        future.whenComplete((response, error) -> ctx.executor().execute(() -> {
            write(ctx, outcome(request, future));
            resume(ctx);
        }));
    }

    private static JsonResponse outcome(ApiRequest request, CompletableFuture<JsonResponse> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            return failure(request, e.getCause());
        } catch (RuntimeException e) {
            return failure(request, e);
        }
    }

    private static JsonResponse failure(ApiRequest request, Throwable error) {
        if (error instanceof ApiException api) {
            return api.toResponse();
        }
        if (error instanceof AmqpException amqp) {
            return ApiException.from(amqp).toResponse();
        }
        log.warn("{} {} failed", request.method(), request.path(), error);
        return JsonResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                String.valueOf(error.getMessage()));
    }

    private void write(ChannelHandlerContext ctx, JsonResponse answer) {
        ctx.writeAndFlush(toHttp(answer));
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
