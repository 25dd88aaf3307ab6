package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementPluginTest {
    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Broker broker;

    @BeforeEach
    void startBrokerWithManagement() throws Exception {
        broker = Broker.start(config(0), List.of(new ManagementPlugin()));
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @TempDir
    Path dataDirs;
    private int brokers;

    /** Each broker gets its own data directory: a data directory belongs to one running node. */
    private BrokerConfig config(int managementPort) {
        return BrokerConfig.defaults()
                .with(CoreSettings.DATA_DIR, dataDirs.resolve("node" + ++brokers))
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(ManagementSettings.IP, "127.0.0.1")
                .with(ManagementSettings.PORT, managementPort);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registersItsListenerOnThePickedPort() {
        assertThat(broker.listener(ManagementPlugin.LISTENER_NAME)).isNotNull();
        assertThat(broker.listener(ManagementPlugin.LISTENER_NAME).getPort()).isPositive()
                .isNotEqualTo(broker.amqpPort());
    }

    @Test
    void anUnknownPathGetsRabbitMqsNotFoundAnswerWithoutLoggingIn() throws Exception {
        // "/" is the web console's page (WebConsoleTest).
        for (String path : List.of("/index.htm", "/api/nosuch", "/api/queues/%2F/orders/nosuch?columns=name")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("content-type")).as(path).contains("application/json");
            assertThat(response.body()).as(path).isEqualTo(NOT_FOUND);
        }
    }

    @Test
    void aRequestWithABodyToAnUnknownPathGetsTheSameAnswer() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/no-such-endpoint"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"queues\":[]}")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void stopClosesTheListener() {
        int port = broker.listener(ManagementPlugin.LISTENER_NAME).getPort();

        broker.close();
        broker = null;

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseFailsTheStartNamingTheListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Broker.start(config(port), List.of(new ManagementPlugin())))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot bind the management listener to 127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void isFoundByServiceLoaderWithItsKeys() {
        List<ManagementPlugin> found = Broker.discoverPlugins().stream()
                .filter(ManagementPlugin.class::isInstance).map(ManagementPlugin.class::cast).toList();

        assertThat(found).hasSize(1);
        assertThat(found.get(0).name()).isEqualTo("management");
        assertThat(found.get(0).configKeys()).containsExactly(ManagementSettings.PORT, ManagementSettings.IP);
        assertThat(ManagementSettings.PORT.name()).isEqualTo("management.tcp.port");
        assertThat(ManagementSettings.PORT.defaultValue()).isEqualTo(15672);
        assertThat(ManagementSettings.IP.name()).isEqualTo("management.tcp.ip");
    }
}
