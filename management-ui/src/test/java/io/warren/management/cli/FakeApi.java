package io.warren.management.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in management API on a free loopback port: answers canned responses by method and raw
 * path (query included) and records what it was sent. Unknown requests get RabbitMQ's 404 body.
 */
final class FakeApi implements AutoCloseable {
    record Request(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Answer(int status, String body, long delayMillis) {
    }

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method uri} (raw, e.g. {@code GET /api/queues/%2F}) with {@code status} and {@code body}. */
    FakeApi on(String method, String uri, int status, String body) {
        answers.put(method + " " + uri, new Answer(status, body, 0));
        return this;
    }

    FakeApi slowly(String method, String uri, long delayMillis) {
        answers.put(method + " " + uri, new Answer(200, "{}", delayMillis));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request last(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + method + " request among " + requests));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(new Request(exchange.getRequestMethod(), uri, Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + uri, new Answer(404, NOT_FOUND, 0));
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
