package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The web console in a real headless Chromium against an in-process Warren with the management
 * plugin, each test on a fresh broker: the overview's rate and depth charts move while a Java
 * client publishes and consumes (read from the Chart.js objects, not just seen as canvases); an
 * operator creates a queue, publishes to it, gets the message back, deletes it, and closes a
 * connection; the queues page pages, sorts and filters 10 000 queues through the API's list
 * parameters. Screenshots of the main pages go to {@code target/console-screenshots/}.
 */
class WebConsoleIT {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String FLOW_QUEUE = "console-it-flow";
    private static final String BACKLOG_QUEUE = "console-it-backlog";
    private static final String QUEUE = "console-it-orders";
    private static final String PAYLOAD = "order 42 from the console";

    @TempDir
    Path dataDir;
    private Broker broker;
    private ConsoleBrowser browser;
    private Connection amqp;
    private Thread traffic;
    private final AtomicBoolean flowing = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        broker = LoopbackBroker.start(dataDir);
        amqp = factory().newConnection("console-it");
        browser = ConsoleBrowser.start(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        flowing.set(false);
        if (traffic != null) {
            traffic.join(5000);
        }
        if (browser != null) {
            browser.close();
        }
        if (amqp != null && amqp.isOpen()) {
            amqp.close(2000);
        }
        if (broker != null) {
            broker.close();
        }
    }

    private ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setChannelRpcTimeout(5000);
        return factory;
    }

    private String console() {
        return "http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort() + "/";
    }

    @Test
    void theMessageRateChartMovesWhileMessagesFlow() throws Exception {
        browser.open(console());
        browser.waitFor(By.id("login-form"));
        browser.screenshot("login");
        logIn();
        browser.waitUntil("the overview's first poll", ConsoleBrowser.WAIT,
                () -> !browser.chartData("rates-chart").getOrDefault("Publish", List.of()).isEmpty());
        Map<String, List<Number>> before = browser.chartData("rates-chart");
        assertThat(max(before.get("Publish"))).as("publish rate before any traffic").isZero();

        startTraffic();

        // The console polls every 5 s; the broker turns its counters into rates every few seconds.
        browser.waitUntil("a publish rate above zero in the rates chart", Duration.ofSeconds(60),
                () -> max(browser.chartData("rates-chart").get("Publish")) > 0);
        browser.waitUntil("a deliver rate above zero in the rates chart", Duration.ofSeconds(30),
                () -> max(browser.chartData("rates-chart").get("Deliver / get")) > 0);
        Map<String, List<Number>> moving = browser.chartData("rates-chart");
        assertThat(moving).isNotEqualTo(before);
        // And it keeps moving: the next poll plots new points.
        browser.waitUntil("the rates chart's next points", Duration.ofSeconds(20),
                () -> !browser.chartData("rates-chart").equals(moving));
        browser.screenshot("overview-rates");
    }

    @Test
    void theQueueDepthChartMovesWhileMessagesQueueUp() throws Exception {
        logIn();
        browser.waitUntil("the overview's first poll", ConsoleBrowser.WAIT,
                () -> !browser.chartData("depth-chart").getOrDefault("Total", List.of()).isEmpty());
        assertThat(max(browser.chartData("depth-chart").get("Total"))).as("depth before any traffic").isZero();

        startTraffic();

        browser.waitUntil("a queue depth above zero in the depth chart", Duration.ofSeconds(30),
                () -> max(browser.chartData("depth-chart").get("Ready")) > 0);
        Map<String, List<Number>> depths = browser.chartData("depth-chart");
        browser.waitUntil("a deeper queue at the depth chart's next point", Duration.ofSeconds(20),
                () -> max(browser.chartData("depth-chart").get("Total")) > max(depths.get("Total")));
        assertThat(browser.text("#total-queues .value")).isEqualTo("2");
        browser.screenshot("overview-depth");
    }

    @Test
    void anOperatorCreatesPublishesGetsAndDeletesAQueue() throws Exception {
        logIn();
        startTraffic();
        createPublishGetAndDeleteAQueue();
        visitTheOtherPages();

        assertThat(browser.severeLogs().stream().filter(line -> !line.contains("Failed to load resource")))
                .as("script errors or blocked content in the page").isEmpty();
    }

    @Test
    void theQueuesPagePagesSortsAndFiltersTenThousandQueuesOnTheServer() throws Exception {
        try (Channel channel = amqp.createChannel()) {
            for (int i = 0; i < 10_000; i++) {
                channel.queueDeclare(String.format("q-%05d", i), false, false, false, null);
            }
        }
        logIn();
        browser.click(By.cssSelector("#nav a[data-page=queues]"));
        browser.waitForText(By.id("queues-status"), "1–100 of 10000 queues · page 1 of 100");
        assertThat(firstQueueOnThePage()).isEqualTo("q-00000");
        browser.screenshot("queues-10000");

        browser.click(By.id("queues-next"));
        browser.waitForText(By.id("queues-status"), "101–200 of 10000 queues · page 2 of 100");
        assertThat(firstQueueOnThePage()).isEqualTo("q-00100");

        browser.click(By.cssSelector("#queues-table button.sort[data-sort=name]"));
        browser.waitUntil("the list sorted by name, descending", ConsoleBrowser.WAIT,
                () -> "q-09899".equals(firstQueueOnThePage()));

        browser.type(By.id("queues-filter"), "q-0999");
        browser.waitForText(By.id("queues-status"), "1–10 of 10 matching (10000 queues) · page 1 of 1");
        browser.type(By.id("queues-filter"), "^q-0[0-9]{2}42$");
        browser.click(By.id("queues-regex"));
        browser.waitForText(By.id("queues-status"), "1–100 of 100 matching (10000 queues) · page 1 of 1");
        assertThat(firstQueueOnThePage()).isEqualTo("q-09942");
    }

    private String firstQueueOnThePage() {
        return browser.text("#queues-table a.queue-link");
    }

    private void logIn() throws IOException {
        browser.open(console());
        browser.waitFor(By.id("login-form"));
        browser.type(By.id("login-username"), "guest");
        browser.type(By.id("login-password"), "guest");
        browser.click(By.id("login-submit"));
        browser.waitForText(By.id("whoami"), "guest");
        browser.waitFor(By.id("rates-chart"));
    }

    /** Publishes to a consumed queue and, every tenth message, to one nobody consumes, so depth grows. */
    private void startTraffic() throws IOException {
        Channel consumer = amqp.createChannel();
        consumer.queueDeclare(FLOW_QUEUE, false, false, false, null);
        consumer.queueDeclare(BACKLOG_QUEUE, false, false, false, null);
        consumer.basicQos(100);
        consumer.basicConsume(FLOW_QUEUE, false, "console-it-consumer", new com.rabbitmq.client.DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties properties,
                    byte[] body) throws IOException {
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        Channel publisher = amqp.createChannel();
        flowing.set(true);
        traffic = new Thread(() -> {
            byte[] body = "tick".getBytes(StandardCharsets.UTF_8);
            try {
                for (int i = 0; flowing.get(); i++) {
                    publisher.basicPublish("", i % 10 == 0 ? BACKLOG_QUEUE : FLOW_QUEUE, null, body);
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // The connection closes at the end of the test.
            }
        }, "console-it-publisher");
        traffic.setDaemon(true);
        traffic.start();
    }

    private void createPublishGetAndDeleteAQueue() throws Exception {
        browser.click(By.cssSelector("#nav a[data-page=queues]"));
        browser.waitFor(By.id("queues-table"));
        browser.waitUntil("the virtual hosts in the new queue form", ConsoleBrowser.WAIT,
                () -> !browser.driver().findElements(By.cssSelector("#new-queue-vhost option[value='/']")).isEmpty());
        browser.screenshot("queues");

        browser.type(By.id("new-queue-name"), QUEUE);
        browser.click(By.cssSelector("#new-queue button[type=submit]"));
        browser.waitForText(By.id("notice"), "Queue " + QUEUE + " added.");
        try (Channel check = amqp.createChannel()) {
            assertThat(check.queueDeclarePassive(QUEUE).getMessageCount()).isZero();
        }

        browser.type(By.id("queues-filter"), QUEUE);
        browser.waitUntil("the filtered list", ConsoleBrowser.WAIT,
                () -> browser.driver().findElements(By.cssSelector("#queues-table a.queue-link")).size() == 1);
        browser.click(By.linkText(QUEUE));
        browser.waitForText(By.id("queue-name"), QUEUE);

        browser.type(By.id("queue-publish-payload"), PAYLOAD);
        browser.click(By.cssSelector("#queue-publish button[type=submit]"));
        browser.waitForText(By.id("notice"), "Message published.");
        browser.waitForText(By.id("queue-messages"), "1");
        try (Channel check = amqp.createChannel()) {
            assertThat(check.queueDeclarePassive(QUEUE).getMessageCount()).isEqualTo(1);
        }

        browser.click(By.cssSelector("#get-messages button[type=submit]"));
        browser.waitForText(By.cssSelector("pre.payload"), PAYLOAD);
        browser.screenshot("queue", By.cssSelector("pre.payload"));
        try (Channel check = amqp.createChannel()) {
            // The default get mode requeues: the message is still there.
            assertThat(check.queueDeclarePassive(QUEUE).getMessageCount()).isEqualTo(1);
        }

        browser.click(By.id("delete-queue"));
        browser.waitForText(By.id("delete-queue"), "Really delete?");
        browser.click(By.id("delete-queue"));
        browser.waitUntil("the queues page after the delete", ConsoleBrowser.WAIT,
                () -> browser.driver().getCurrentUrl().endsWith("#/queues"));
        Channel check = amqp.createChannel();
        assertThatThrownBy(() -> check.queueDeclarePassive(QUEUE))
                .hasStackTraceContaining("NOT_FOUND - no queue '" + QUEUE + "' in vhost '/'");
    }

    private void visitTheOtherPages() throws Exception {
        browser.click(By.cssSelector("#nav a[data-page=exchanges]"));
        browser.waitFor(By.linkText("amq.topic"));
        browser.screenshot("exchanges");

        Connection doomed = factory().newConnection("console-it-doomed");
        browser.click(By.cssSelector("#nav a[data-page=connections]"));
        browser.waitForText(By.id("connections-table"), "console-it-doomed");
        browser.screenshot("connections");
        By close = By.xpath("//tr[td[1][contains(., 'console-it-doomed')]]//button[contains(@class, 'danger')]");
        browser.click(close);
        browser.click(close);
        browser.waitUntil("the connection closed by the console", ConsoleBrowser.WAIT, () -> !doomed.isOpen());
        assertThat(doomed.getCloseReason().getMessage()).contains("CONNECTION_FORCED - Closed via management console");

        browser.click(By.cssSelector("#nav a[data-page=channels]"));
        browser.waitFor(By.id("channels-table"));
        browser.screenshot("channels");

        browser.click(By.cssSelector("#nav a[data-page=admin]"));
        browser.waitForText(By.id("users"), "guest");
        browser.waitForText(By.id("permissions"), "guest");
        browser.screenshot("admin");

        browser.click(By.cssSelector("#nav a[data-page=definitions]"));
        browser.waitFor(By.id("export-definitions"));
        browser.screenshot("definitions");
    }

    private static double max(List<Number> values) {
        return values == null ? 0 : values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    }
}
