package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.ErrorTexts;
import io.warren.management.JsonResponse;
import io.warren.management.Router;
import io.warren.management.api.ApiContext;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/definitions} and {@code /api/definitions/{vhost}} for administrators, as RabbitMQ
 * serves them: GET exports ({@code ?download=name} adds the attachment header its web UI asks for);
 * POST imports a JSON body, or the {@code file} part of a {@code multipart/form-data} upload (the
 * web UI's form), and answers 204 once the imported durable objects are on disk. A body that is not
 * a JSON object is 400 {@code failed_to_parse_json}; a refused file is 400 with the reason listing
 * every problem ({@link DefinitionsImport}).
 */
public final class DefinitionsRoutes {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsRoutes.class);

    private final ApiContext api;

    private DefinitionsRoutes(ApiContext api) {
        this.api = api;
    }

    public static void register(Router router, ApiContext api) {
        DefinitionsRoutes routes = new DefinitionsRoutes(api);
        router.get("/api/definitions", Access.ADMINISTRATOR, r -> routes.export(r, Optional.empty()));
        router.addAsync(HttpMethod.POST, "/api/definitions", Access.ADMINISTRATOR,
                r -> routes.importDefinitions(r, Optional.empty()));
        router.get("/api/definitions/{vhost}", Access.ADMINISTRATOR,
                r -> routes.export(r, Optional.of(r.param("vhost"))));
        router.addAsync(HttpMethod.POST, "/api/definitions/{vhost}", Access.ADMINISTRATOR,
                r -> routes.importDefinitions(r, Optional.of(r.param("vhost"))));
    }

    private JsonResponse export(ApiRequest r, Optional<String> vhost) {
        if (vhost.isPresent() && api.services().vhosts().get(vhost.get()).isEmpty()) {
            throw ApiException.badRequest("vhost_not_found"); // RabbitMQ's answer here, not a 404
        }
        JsonResponse response = JsonResponse.ok(DefinitionsExport.export(api.services(), vhost));
        String download = r.query("download");
        return download == null ? response
                : response.withHeader("Content-Disposition", "attachment; filename=" + download);
    }

    private CompletionStage<JsonResponse> importDefinitions(ApiRequest r, Optional<String> vhost) {
        JsonNode definitions = parse(r, body(r));
        vhost.ifPresent(api::vhostToDeclareIn);
        DefinitionsImport.Result result;
        try {
            result = DefinitionsImport.apply(api.services(), definitions, vhost);
        } catch (DefinitionsException e) {
            log.warn("definitions import by user '{}' refused: {}", r.user().name(), e.getMessage());
            throw ApiException.badRequest(ErrorTexts.escapeHtml(e.getMessage()));
        }
        return result.synced().thenApply(ignored -> JsonResponse.noContent());
    }

    /** An empty body imports nothing, as in RabbitMQ; anything but a JSON object is refused. */
    private static JsonNode parse(ApiRequest r, byte[] body) {
        if (body.length == 0) {
            return r.json().createObjectNode();
        }
        try {
            JsonNode node = r.json().readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        throw ApiException.badRequest("failed_to_parse_json");
    }

    /** The definitions: the body itself, or the {@code file} part of a form upload. */
    private static byte[] body(ApiRequest r) {
        String contentType = r.header(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            return r.bodyBytes();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.path(),
                Unpooled.wrappedBuffer(r.bodyBytes()));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostRequestDecoder decoder = null;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
            InterfaceHttpData file = decoder.getBodyHttpData("file");
            if (file instanceof HttpData data) {
                return data.get();
            }
            return new byte[0];
        } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw ApiException.badRequest("failed_to_parse_json");
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            request.release();
        }
    }
}
