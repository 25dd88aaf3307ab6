package io.warren.management.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Talks to one node's management HTTP API: basic auth sent with every request (the API answers
 * 401 rather than challenging scripts), JSON in and out, and every way the exchange can fail turned
 * into a {@link CliException} with rabbitmqctl's exit code, or an {@link ApiStatusException} for an error
 * status, which commands may explain better.
 */
public final class ManagementClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String username;
    private final String password;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param node the API's root, e.g. {@code http://localhost:15672} (a path prefix, for a node behind
     *     a proxy, is kept)
     * @param timeout how long one request may take, connecting included
     * @throws CliException with {@link ExitCodes#USAGE} when {@code node} is not an http(s) URL
     */
    public ManagementClient(String node, String username, String password, Duration timeout) {
        this.base = validate(node);
        this.username = username;
        this.password = password;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        // HTTP/1.1: an h2c upgrade attempt would only add a round trip to every call.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The same node and credentials with another per-request timeout. */
    public ManagementClient withTimeout(Duration requestTimeout) {
        return new ManagementClient(base, username, password, requestTimeout);
    }

    /** The node's URL as given (without a trailing slash), for messages. */
    public String node() {
        return base;
    }

    public String username() {
        return username;
    }

    /** One path segment, percent-encoded as the API expects: the default vhost {@code /} is {@code %2F}. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send("GET", path, null, Map.of());
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body, Map.of());
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public JsonNode delete(String path, Map<String, String> headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Sends one request; {@code body} is written as JSON unless it is already a {@code byte[]} of JSON
     * (a definitions file is passed through unchanged). Returns the response's JSON, or null for an
     * empty body (201, 204).
     */
    public JsonNode send(String method, String path, Object body, Map<String, String> headers) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization);
        // No Accept header: RabbitMQ answers 406 to "Accept: application/json" on DELETE .../contents.
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        }
        HttpResponse<byte[]> response = exchange(request.build(), method + " " + uri);
        return handle(response, method + " " + uri);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "unable to connect to " + base
                    + ": no answer within " + timeout.toSeconds() + " s. Is the node running, and is "
                    + "its management listener at that address?", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.TEMP_FAIL, what + " timed out after " + timeout.toSeconds()
                    + " s (raise it with --timeout)", e);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "unable to connect to " + base + ": "
                    + refusal(e) + ". Is the node running, and is its management listener at that address?", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "lost the connection to " + base + " during " + what
                    + ": " + describe(e) + ". Is that the node's management (HTTP) listener?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.TEMP_FAIL, "interrupted during " + what, e);
        }
    }

    private static JsonNode handle(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        byte[] body = response.body();
        if (status >= 200 && status < 300) {
            if (body.length == 0) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new CliException(ExitCodes.SOFTWARE, what + " answered " + status
                        + " with a body that is not JSON: " + preview(body), e);
            }
        }
        String error = null;
        String reason = body.length == 0 ? null : preview(body);
        try {
            JsonNode tree = body.length == 0 ? null : JSON.readTree(body);
            if (tree != null && tree.isObject() && tree.has("reason")) {
                error = tree.path("error").asText(null);
                JsonNode reasonNode = tree.get("reason");
                // One line: RabbitMQ's validation reasons come as paragraphs.
                reason = unescapeHtml(reasonNode.isTextual() ? reasonNode.asText() : reasonNode.toString())
                        .strip().replaceAll("\\s*\\n\\s*", " ");
            }
        } catch (IOException e) {
            // Not the API's error shape (a proxy's HTML page, say): the body's start is the best reason there is.
        }
        throw new ApiStatusException(what, status, error, reason);
    }

    /** RabbitMQ HTML-escapes its reasons ({@code &lt;&lt;"foo"&gt;&gt;}); a terminal wants the characters. */
    static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static byte[] toJson(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** Why a connection failed; java.net.http says it with exception types rather than messages. */
    private String refusal(ConnectException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host '" + URI.create(base).getHost() + "'";
            }
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
    }

    /** java.net.http often throws with a null message and the real cause underneath. */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            if (t.getCause() == null) {
                return t.getClass().getSimpleName();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String validate(String node) {
        String trimmed = node.endsWith("/") ? node.substring(0, node.length() - 1) : node;
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new CliException(ExitCodes.USAGE, "--node must be the management API's URL, such as "
                        + "http://localhost:15672, not '" + node + "'");
            }
            return trimmed;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "--node '" + node + "' is not a URL: " + e.getMessage(), e);
        }
    }
}
