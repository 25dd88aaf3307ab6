package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's files, served from this module's class path (target/classes and the Chart.js WebJar). */
class StaticFilesTest {
    private final StaticFiles files = StaticFiles.console();

    /** Answers {@code method uri}; the response's body is copied out and every buffer released. */
    private Answer request(HttpMethod method, String uri, String ifNoneMatch) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (ifNoneMatch != null) {
            request.headers().set(HttpHeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        try {
            FullHttpResponse response = files.respond(request);
            if (response == null) {
                return null;
            }
            try {
                return new Answer(response, response.content().toString(StandardCharsets.UTF_8));
            } finally {
                response.release();
            }
        } finally {
            request.release();
        }
    }

    private Answer get(String uri) {
        return request(HttpMethod.GET, uri, null);
    }

    private record Answer(FullHttpResponse response, String body) {
        HttpResponseStatus status() {
            return response.status();
        }

        String header(CharSequence name) {
            return response.headers().get(name);
        }
    }

    private static byte[] classPathBytes(String name) throws IOException {
        try (InputStream in = StaticFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theRootIsTheConsolesPage() {
        Answer answer = get("/");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(answer.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(answer.header(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(answer.header(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        assertThat(answer.header(HttpHeaderNames.ETAG)).matches("\"[0-9a-f]{24}\"");
        assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(answer.header(HttpHeaderNames.CONTENT_SECURITY_POLICY)).startsWith("default-src 'self'");
        assertThat(get("/index.html").body()).isEqualTo(answer.body());
    }

    @Test
    void scriptsAndStylesGetTheirContentTypes() {
        // A module script with any other type is refused by browsers.
        assertThat(get("/js/app.js").header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/js/pages/overview.js").body()).contains("export function render");
        assertThat(get("/css/console.css").header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/js/app.js?v=2").status()).isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void webJarsAreServedWithoutTheirVersionInThePath() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            pom.load(in);
        }
        byte[] expected = classPathBytes("META-INF/resources/webjars/chart.js/" + pom.getProperty("version")
                + "/dist/chart.umd.js");

        Answer answer = get("/webjars/chart.js/dist/chart.umd.js");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.header(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(answer.body()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(get("/webjars/no-such-webjar/dist/x.js")).isNull();
        assertThat(get("/webjars/chart.js")).isNull();
    }

    @Test
    void aCurrentCopyGets304WithoutABody() {
        String etag = get("/js/app.js").header(HttpHeaderNames.ETAG);

        for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            Answer answer = request(HttpMethod.GET, "/js/app.js", ifNoneMatch);
            assertThat(answer.status()).as(ifNoneMatch).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
            assertThat(answer.body()).as(ifNoneMatch).isEmpty();
            assertThat(answer.header(HttpHeaderNames.ETAG)).isEqualTo(etag);
        }
        assertThat(request(HttpMethod.GET, "/js/app.js", "\"stale\"").status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(get("/js/api.js").header(HttpHeaderNames.ETAG)).isNotEqualTo(etag);
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutTheBody() {
        Answer full = get("/css/console.css");
        Answer head = request(HttpMethod.HEAD, "/css/console.css", null);

        assertThat(head.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(head.body()).isEmpty();
        assertThat(head.header(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(full.header(HttpHeaderNames.CONTENT_LENGTH))
                .isNotEqualTo("0");
        assertThat(head.header(HttpHeaderNames.ETAG)).isEqualTo(full.header(HttpHeaderNames.ETAG));
    }

    /** Left to the router, which answers RabbitMQ's 404 or serves an API path. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/js/no-such-file.js", "/css/", "/js", "/js/pages", "/js/pages/", "/api/overview", "/metrics",
        "/index.htm", "/webjars/", "/js/../index.html", "/js/./app.js", "/js//app.js",
        "/js/%2e%2e/%2e%2e/StaticFiles.class", "/js/..%2F..%2Fio/warren/management/StaticFiles.class",
        "/css/..%5C..%5Cindex.html", "/js/app.js%00.css", "/webjars/chart.js/../../../maven/org.webjars.npm/chart.js/pom.properties",
        "/webjars/chart.js/%2e%2e/%2e%2e/%2e%2e/maven/org.webjars.npm/chart.js/pom.xml",
        "/js/../../../../../../etc/passwd", "/js/C:/windows/win.ini", "/js/%zz.js", "/js/app.js%",
    })
    void whatIsNotAConsoleFileIsLeftToTheRouter(String uri) {
        assertThat(get(uri)).isNull();
    }

    @Test
    void onlyFilesOfKnownTypesAreServed() {
        // Class files sit on the same class path; no URL may reach them, even inside the console's folder.
        assertThat(files.resourceName("/js/StaticFiles.class")).isEmpty();
        assertThat(files.resourceName("/js/app.js")).contains(StaticFiles.CONSOLE_ROOT + "js/app.js");
        assertThat(files.resourceName("/js/README")).isEmpty();
    }

    @Test
    void otherMethodsAreLeftToTheRouter() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE}) {
            assertThat(request(method, "/", null)).as(method.name()).isNull();
        }
    }

    @Test
    void ifNoneMatchFollowsWeakComparison() {
        assertThat(StaticFiles.matches(null, "\"a\"")).isFalse();
        assertThat(StaticFiles.matches("\"a\"", "\"a\"")).isTrue();
        assertThat(StaticFiles.matches(" W/\"a\" ", "\"a\"")).isTrue();
        assertThat(StaticFiles.matches("\"b\",\"a\"", "\"a\"")).isTrue();
        assertThat(StaticFiles.matches("\"b\"", "\"a\"")).isFalse();
        assertThat(StaticFiles.matches("a", "\"a\"")).isFalse();
    }
}
