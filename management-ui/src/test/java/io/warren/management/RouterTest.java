package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Router.Route NOTHING = r -> JsonResponse.noContent();

    private final Router router = new Router()
            .get("/api/overview", Access.MANAGEMENT, NOTHING)
            .get("/api/queues/{vhost}/{name}", Access.MANAGEMENT, NOTHING)
            .put("/api/queues/{vhost}/{name}", Access.MANAGEMENT, NOTHING)
            .delete("/api/queues/{vhost}/{name}", Access.MANAGEMENT, NOTHING)
            .get("/api/users/{name}", Access.ADMINISTRATOR, NOTHING)
            .get("/api/users/without-permissions", Access.ADMINISTRATOR, NOTHING)
            .get("/js/{path*}", Access.PUBLIC, NOTHING);

    private Map<String, String> params(HttpMethod method, String path) {
        Router.Match match = router.match(method, path);
        assertThat(match).as(path).isInstanceOf(Router.Found.class);
        return ((Router.Found) match).params();
    }

    @Test
    void templateVariablesAreDecodedSegments() {
        assertThat(params(HttpMethod.GET, "/api/queues/%2F/orders")).containsExactly(
                Map.entry("vhost", "/"), Map.entry("name", "orders"));
        assertThat(params(HttpMethod.GET, "/api/queues/a%20b/x%2Fy%25z")).containsExactly(
                Map.entry("vhost", "a b"), Map.entry("name", "x/y%z"));
        // A plus in a path is a plus: queue names may contain one.
        assertThat(params(HttpMethod.GET, "/api/queues/v/a+b")).containsEntry("name", "a+b");
        assertThat(params(HttpMethod.GET, "/api/queues/v/%C3%A9t%C3%A9")).containsEntry("name", "été");
    }

    @Test
    void aLiteralSegmentWinsOverAVariable() {
        Router.Found literal = (Router.Found) router.match(HttpMethod.GET, "/api/users/without-permissions");
        assertThat(literal.params()).isEmpty();
        assertThat(literal.endpoint().access()).isEqualTo(Access.ADMINISTRATOR);
        assertThat(params(HttpMethod.GET, "/api/users/bob")).containsExactly(Map.entry("name", "bob"));
    }

    @Test
    void aCatchAllTakesTheRestOfThePath() {
        assertThat(params(HttpMethod.GET, "/js/lib/chart.js")).containsExactly(Map.entry("path", "lib/chart.js"));
    }

    @Test
    void headIsServedByGet() {
        assertThat(router.match(HttpMethod.HEAD, "/api/overview")).isInstanceOf(Router.Found.class);
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedListingWhatIsAllowed() {
        Router.Match match = router.match(HttpMethod.POST, "/api/queues/%2F/q");
        assertThat(match).isInstanceOf(Router.MethodNotAllowed.class);
        assertThat(((Router.MethodNotAllowed) match).allowed()).containsExactly(
                HttpMethod.HEAD, HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS);
        assertThat(((Router.MethodNotAllowed) router.match(HttpMethod.DELETE, "/api/overview")).allowed())
                .containsExactly(HttpMethod.HEAD, HttpMethod.GET, HttpMethod.OPTIONS);
    }

    @Test
    void unknownPathsAndBadEscapesAreNoRoute() {
        assertThat(router.match(HttpMethod.GET, "/api/queues")).isInstanceOf(Router.NoRoute.class);
        assertThat(router.match(HttpMethod.GET, "/api/queues/%2F/q/extra")).isInstanceOf(Router.NoRoute.class);
        assertThat(router.match(HttpMethod.GET, "/api/queues/%2/q")).isInstanceOf(Router.NoRoute.class);
        assertThat(router.match(HttpMethod.GET, "/api/queues/%zz/q")).isInstanceOf(Router.NoRoute.class);
        assertThat(router.match(HttpMethod.GET, "api/overview")).isInstanceOf(Router.NoRoute.class);
    }
}
