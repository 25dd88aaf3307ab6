package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real broker process, started the way a person starts it: {@code bin/warren-server} at the
 * repository root (told not to build, as {@code mvn verify} has just built the layout), and the
 * packaged {@code bin/warren-server} of the layout. Runs after {@code package}, under failsafe.
 */
class WarrenServerIT {
    private static final Path REPOSITORY = Path.of(System.getProperty("warren.repository", "..")).normalize();
    private static final Path LAYOUT = Path.of(System.getProperty("warren.home", "target/warren"));
    private static final Path ROOT_SCRIPT = REPOSITORY.resolve("bin/warren-server");
    private static final Path PACKAGED_SCRIPT = LAYOUT.resolve("bin/warren-server");
    private static final Map<String, String> NO_BUILD = Map.of("WARREN_SKIP_BUILD", "1");

    private static final Pattern READY = Pattern.compile("Warren (\\S+) ready: amqp=(\\d+) management=(\\d+|none)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    @TempDir
    Path dir;

    private WarrenProcess warren;

    @AfterEach
    void killWhatIsLeft() {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    void startsReportsTheBoundPortsServesAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = dir.resolve("data");
        warren = WarrenProcess.start(ROOT_SCRIPT, dir, NO_BUILD,
                "--amqp-port", "0", "--management-port", "0", "--data-dir", dataDir.toString());

        Matcher ready = warren.awaitStdout(READY, START_TIMEOUT);
        int amqpPort = Integer.parseInt(ready.group(2));
        int managementPort = Integer.parseInt(ready.group(3));
        assertThat(amqpPort).isPositive().isNotEqualTo(5672);
        assertThat(managementPort).isPositive().isNotEqualTo(15672).isNotEqualTo(amqpPort);
        assertThat(dataDir).isDirectory();

        assertServesAmqpClients(amqpPort);
        assertAnswersAnotherProtocolWithTheAmqpHeaderAndCloses(amqpPort);
        assertManagementAnswersNotFound(managementPort);

        assertThat(warren.terminate(STOP_TIMEOUT)).as("exit code after SIGTERM\n" + warren.output()).isZero();
        assertThat(warren.stdout()).anyMatch(line -> line.contains("Warren stopped"));
        assertThat(warren.stdout()).filteredOn(line -> READY.matcher(line).find()).hasSize(1);
    }

    @Test
    void anUnknownKeyInTheConfigFileExitsWith2NamingFileLineAndKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("warren.conf"), "# my settings\nhearbeat = 30\n");

        warren = WarrenProcess.start(PACKAGED_SCRIPT, dir, Map.of(),
                "--config", conf.toString(), "--amqp-port", "0", "--management-port", "0");

        assertThat(warren.awaitExit(START_TIMEOUT)).as(warren.output()).isEqualTo(2);
        assertThat(String.join("\n", warren.stderr()))
                .contains(conf + ":2: unknown key 'hearbeat'; did you mean 'heartbeat'?")
                .doesNotContain("Exception", "\tat ");
        assertThat(warren.stdout()).noneMatch(line -> READY.matcher(line).find());
    }

    @Test
    void aPortInUseExitsWith1AndOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            warren = WarrenProcess.start(PACKAGED_SCRIPT, dir, Map.of("WARREN_AMQP_PORT", String.valueOf(port)),
                    "--management-port", "0", "--data-dir", dir.resolve("data").toString());

            assertThat(warren.awaitExit(START_TIMEOUT)).as(warren.output()).isEqualTo(1);
        }
        assertThat(warren.stdout())
                .filteredOn(line -> line.contains("Warren failed to start"))
                .singleElement().asString()
                .contains("Address already in use");
        assertThat(warren.output()).doesNotContain("\tat ");
    }

    /** A RabbitMQ Java client, as a new user would try it: guest/guest, a queue, a message there and back. */
    private static void assertServesAmqpClients(int port) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare().getQueue();
            channel.confirmSelect();
            channel.basicPublish("", queue, null, "hello from a real process".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
            GetResponse got = channel.basicGet(queue, true);
            assertThat(got).isNotNull();
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello from a real process");
        }
    }

    private static void assertAnswersAnotherProtocolWithTheAmqpHeaderAndCloses(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(AMQP_0_9_1.length)).isEqualTo(AMQP_0_9_1);
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        }
    }

    private static void assertManagementAnswersNotFound(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        // Not /api/overview: that one exists now, and asks for credentials first.
                        URI.create("http://127.0.0.1:" + port + "/api/no-such-endpoint")).timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}");
    }
}
