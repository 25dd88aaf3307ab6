package io.warren.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.broker.BrokerServices;
import io.warren.broker.security.Permission;
import io.warren.management.LoopbackBroker;
import io.warren.management.ManagementPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Warren with the management plugin on free loopback ports, for one test class, and
 * an HTTP client that logs in as guest (or as whom a test says). AMQP connections opened through
 * {@link #connect} are closed after each test.
 */
public final class ApiBroker implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Connection> opened = new ArrayList<>();
    private Broker broker;
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("warren-mgmt-");
        broker = LoopbackBroker.start(dataDir);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Connection c : opened) {
            try {
                if (c.isOpen()) {
                    c.close(2000);
                }
            } catch (IOException | RuntimeException e) {
                // broken on purpose by the test
            }
        }
        opened.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        afterEach(context);
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing for
        }
    }

    public Broker broker() {
        return broker;
    }

    public BrokerServices services() {
        return broker.services();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort() + path);
    }

    /** Adds a user with a password, tags and (when {@code vhost} is not null) all permissions there. */
    public void addUser(String name, String password, String vhost, String... tags) {
        services().users().addUser(name, password, Set.of(tags));
        if (vhost != null) {
            services().users().setPermission(name, vhost, Permission.all());
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, "guest", "guest");
    }

    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json, "guest", "guest");
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json, "guest", "guest");
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, "guest", "guest");
    }

    /** A request as {@code user}; a null user sends no credentials. */
    public HttpResponse<String> send(String method, String path, String json, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        if (user != null) {
            request.header("authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    public ConnectionFactory factory(String user, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setRequestedHeartbeat(0);
        factory.setConnectionTimeout(5000);
        return factory;
    }

    /** An AMQP connection as guest, named {@code name} (its client-provided name), closed after the test. */
    public Connection connect(String name) throws Exception {
        Connection c = factory("guest", "guest").newConnection(name);
        opened.add(c);
        return c;
    }

    public Connection connect(String user, String password) throws Exception {
        Connection c = factory(user, password).newConnection();
        opened.add(c);
        return c;
    }
}
