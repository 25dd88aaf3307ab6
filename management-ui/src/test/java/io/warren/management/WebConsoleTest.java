package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.Broker;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files over the management listener, next to the API's answers. */
class WebConsoleTest {
    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    @TempDir
    static Path dataDir;
    private static Broker broker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LoopbackBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private int port() {
        return broker.listener(ManagementPlugin.LISTENER_NAME).getPort();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).GET());
    }

    @Test
    void theRootServesTheConsole() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(response.body()).contains("<title>Warren</title>");
    }

    @Test
    void aMissingFileGetsRabbitMqsNotFoundAnswer() throws Exception {
        for (String path : List.of("/js/no-such-file.js", "/css/", "/webjars/no-such-webjar/x.js", "/js/../../etc/passwd")) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).as(path).contains("application/json");
            assertThat(response.body()).as(path).isEqualTo(NOT_FOUND);
        }
    }

    @Test
    void aRevalidatedFileGets304() throws Exception {
        HttpResponse<String> first = get("/js/app.js");
        String etag = first.headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/js/app.js"))
                .header("If-None-Match", etag).GET());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("etag")).contains(etag);
    }

    /** Raw bytes, because java.net.http normalises a path with dots and refuses a bad escape before sending it. */
    @Test
    void anEscapingOrBadlyEscapedPathIsNotFoundOnTheWire() throws Exception {
        for (String path : List.of("/js/../../../io/warren/management/StaticFiles.class", "/js/%zz.js")) {
            try (Socket socket = new Socket("127.0.0.1", port())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

                assertThat(answer).as(path).startsWith("HTTP/1.1 404 Not Found\r\n").endsWith(NOT_FOUND);
            }
        }
    }

    /** Pipelined on one connection: a file behind an API answer, an API request behind the file. */
    @Test
    void pipelinedFilesAndApiRequestsAreAnsweredInOrder() throws Exception {
        String auth = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                "guest:guest".getBytes(StandardCharsets.UTF_8)) + "\r\n";
        String requests = "GET /api/overview HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n"
                + "GET /css/console.css HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/whoami HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            int overview = answers.indexOf("\"object_totals\"");
            int css = answers.indexOf(":root {");
            int whoami = answers.indexOf("{\"name\":\"guest\"");
            assertThat(overview).isPositive();
            assertThat(css).isGreaterThan(overview);
            assertThat(whoami).isGreaterThan(css);
        }
    }

    @Test
    void aKeptAliveConnectionServesFilesAndApiAnswersInTurn() throws Exception {
        // The same client reuses one connection: the file's Content-Length must let it find the next answer.
        for (int i = 0; i < 3; i++) {
            assertThat(get("/css/console.css").statusCode()).isEqualTo(200);
            assertThat(get("/api/no-such-endpoint").body()).isEqualTo(NOT_FOUND);
        }
    }
}
