package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final JsonResponse OVERVIEW = new JsonResponse(HttpResponseStatus.OK, Map.of("node", "warren"));

    private final Router router = new Router().add(HttpMethod.GET, "/api/overview", request -> OVERVIEW);

    private JsonResponse dispatch(HttpMethod method, String uri) throws Exception {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        try {
            return router.dispatch(request);
        } finally {
            request.release();
        }
    }

    @Test
    void aRouteAnswersItsMethodAndPathWhateverTheQuery() throws Exception {
        assertThat(dispatch(HttpMethod.GET, "/api/overview")).isSameAs(OVERVIEW);
        assertThat(dispatch(HttpMethod.GET, "/api/overview?columns=node")).isSameAs(OVERVIEW);
    }

    @Test
    void anythingElseIsRabbitMqsNotFound() throws Exception {
        JsonResponse notFound = JsonResponse.notFound();

        assertThat(dispatch(HttpMethod.GET, "/api/queues")).isEqualTo(notFound);
        assertThat(dispatch(HttpMethod.DELETE, "/api/overview")).isEqualTo(notFound);
        assertThat(notFound.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(notFound.body()).isEqualTo(Map.of("error", "Object Not Found", "reason", "Not Found"));
    }
}
