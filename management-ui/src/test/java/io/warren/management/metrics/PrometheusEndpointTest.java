package io.warren.management.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.Broker;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.LoopbackBroker;
import io.warren.management.ManagementPlugin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the management listener: Prometheus' text format 0.0.4, line by line
 * valid, with the figures of known traffic, served without credentials.
 */
class PrometheusEndpointTest {
    /** A metric name, optional labels with escaped values, and a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                    + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)?})? (-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)$");
    private static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$");
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Broker broker;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws Exception {
        broker = LoopbackBroker.start(dataDir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection();
    }

    /** Checks every line and returns the samples by name and labels, e.g. {@code x{a="b"}}. */
    private static Map<String, String> parse(String body) {
        assertThat(body).endsWith("\n");
        Map<String, String> samples = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        for (String line : body.split("\n")) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                assertThat(helped.add(help.group(1))).as("one HELP per family: " + line).isTrue();
            } else if (type.matches()) {
                assertThat(helped).as("HELP before TYPE: " + line).contains(type.group(1));
                assertThat(types.put(type.group(1), type.group(2))).as("one TYPE per family: " + line).isNull();
                if (type.group(2).equals("counter")) {
                    assertThat(type.group(1)).as("counters end in _total").endsWith("_total");
                }
            } else {
                assertThat(sample.matches()).as("a valid sample line: '" + line + "'").isTrue();
                assertThat(types).as("TYPE before samples: " + line).containsKey(sample.group(1));
                String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
                assertThat(samples.put(key, sample.group(3))).as("no duplicate series: " + key).isNull();
            }
        }
        return samples;
    }

    @Test
    void servesTheTextFormatWithoutCredentials() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        Map<String, String> samples = parse(response.body());
        assertThat(samples).containsKeys("rabbitmq_connections", "rabbitmq_channels", "rabbitmq_consumers",
                "rabbitmq_queues", "rabbitmq_alarms_memory_used_watermark", "rabbitmq_alarms_free_disk_space_watermark",
                "rabbitmq_resident_memory_limit_bytes", "rabbitmq_disk_space_available_bytes",
                "rabbitmq_disk_space_available_limit_bytes", "warren_jvm_heap_used_bytes", "warren_jvm_heap_max_bytes",
                "warren_jvm_direct_buffers_bytes", "warren_message_store_disk_bytes");
        assertThat(samples.get("rabbitmq_alarms_memory_used_watermark")).isEqualTo("0");
        assertThat(samples.get("rabbitmq_alarms_free_disk_space_watermark")).isEqualTo("0");
        assertThat(Long.parseLong(samples.get("warren_jvm_heap_max_bytes"))).isPositive();
    }

    @Test
    void otherPathsAndMethodsStillReachTheApi() throws Exception {
        assertThat(get("/metrics/detailed").statusCode()).isEqualTo(404);
        URI uri = URI.create("http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort()
                + "/metrics");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isNotEqualTo(200);
    }

    @Test
    void showsQueueDepthsAndMessageCountersOfKnownTraffic() throws Exception {
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            String odd = "odd \"name\" \\ with\nnewline";
            channel.queueDeclare("m1", false, false, false, null);
            channel.queueDeclare(odd, false, false, false, null);
            channel.confirmSelect();
            for (int i = 0; i < 7; i++) {
                channel.basicPublish("", "m1", null, new byte[10]);
            }
            channel.basicPublish("", odd, null, new byte[10]);
            channel.basicPublish("", "nowhere", true, null, new byte[10]);
            channel.waitForConfirmsOrDie(5000);
            Channel consumer = connection.createChannel();
            consumer.basicGet("m1", false); // one unacked
            consumer.basicGet("m1", true);
            CountDownLatch delivered = new CountDownLatch(1);
            consumer.basicConsume(odd, false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) {
                    delivered.countDown();
                }
            });
            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
            consumer.queueDeclarePassive("m1");
            broker.services().statistics().sample();

            Map<String, String> samples = parse(get("/metrics").body());

            String m1 = "{vhost=\"/\",queue=\"m1\"}";
            String oddLabels = "{vhost=\"/\",queue=\"odd \\\"name\\\" \\\\ with\\nnewline\"}";
            assertThat(samples.get("rabbitmq_queue_messages_ready" + m1)).isEqualTo("5");
            assertThat(samples.get("rabbitmq_queue_messages_unacked" + m1)).isEqualTo("1");
            assertThat(samples.get("rabbitmq_queue_messages" + m1)).isEqualTo("6");
            assertThat(samples.get("rabbitmq_queue_consumers" + m1)).isEqualTo("0");
            assertThat(samples.get("rabbitmq_queue_messages_published_total" + m1)).isEqualTo("7");
            assertThat(samples.get("warren_queue_messages_delivered_total" + m1)).isEqualTo("2");
            assertThat(samples.get("rabbitmq_queue_consumers" + oddLabels)).isEqualTo("1");
            assertThat(samples.get("rabbitmq_queue_messages_published_total" + oddLabels)).isEqualTo("1");
            assertThat(samples.get("rabbitmq_queues")).isEqualTo("2");
            assertThat(samples.get("rabbitmq_connections")).isEqualTo("1");
            assertThat(samples.get("rabbitmq_channels")).isEqualTo("2");
            assertThat(samples.get("rabbitmq_consumers")).isEqualTo("1");
            assertThat(samples.get("rabbitmq_channel_messages_published_total")).isEqualTo("9");
            assertThat(samples.get("rabbitmq_channel_messages_confirmed_total")).isEqualTo("9");
            assertThat(samples.get("rabbitmq_channel_messages_unroutable_returned_total")).isEqualTo("1");
            assertThat(samples.get("rabbitmq_channel_messages_unroutable_dropped_total")).isEqualTo("0");
            assertThat(samples.get("rabbitmq_channel_get_ack_total")).isEqualTo("1");
            assertThat(samples.get("rabbitmq_channel_get_total")).isEqualTo("1");
            assertThat(samples.get("rabbitmq_channel_messages_delivered_ack_total")).isEqualTo("1");
            assertThat(samples.get("warren_exchange_messages_published_in_total{vhost=\"/\",exchange=\"\"}"))
                    .isEqualTo("9");
            assertThat(samples.get("warren_exchange_messages_published_out_total{vhost=\"/\",exchange=\"\"}"))
                    .isEqualTo("8");
        }
    }

    @Test
    void tenThousandQueuesRenderInOneGo() throws Exception {
        VirtualHost vhost = broker.services().vhosts().get("/").orElseThrow();
        for (int i = 0; i < 10_000; i++) {
            vhost.declareQueue("load-" + i, false, new QueueSettings(false, false, null, Map.of()), null);
        }

        long started = System.nanoTime();
        HttpResponse<String> response = get("/metrics");
        long millis = (System.nanoTime() - started) / 1_000_000;

        Map<String, String> samples = parse(response.body());
        assertThat(samples.get("rabbitmq_queues")).isEqualTo("10000");
        assertThat(samples).containsKey("rabbitmq_queue_messages_ready{vhost=\"/\",queue=\"load-9999\"}");
        started = System.nanoTime();
        get("/metrics");
        long again = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("/metrics with 10000 queues: %d bytes in %d ms, then %d ms%n", response.body().length(),
                millis, again);
    }
}
