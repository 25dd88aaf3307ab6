package io.warren.broker.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.ConfigKey;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Warren on a free loopback port for a test class, and RabbitMQ Java client
 * connections to it. Connections opened through {@link #connect()} are closed after each test.
 *
 * <pre>
 *   &#64;RegisterExtension static final BrokerExtension broker = new BrokerExtension();
 * </pre>
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private BrokerConfig config = BrokerConfig.defaults();
    private Broker broker;
    private final List<Connection> opened = new ArrayList<>();
    private Path dataDir;

    /** Overrides a setting before the broker starts. */
    public <T> BrokerExtension with(ConfigKey<T> key, T value) {
        config = config.with(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("warren-it-");
        broker = Broker.start(config.with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir), List.of());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeConnections();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeConnections();
        if (broker != null) {
            broker.close();
        }
        deleteRecursively(dataDir);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }

    private void closeConnections() {
        for (Connection connection : opened) {
            try {
                if (connection.isOpen()) {
                    connection.close(2000);
                }
            } catch (IOException | RuntimeException e) {
                // The test may have broken it on purpose.
            }
        }
        opened.clear();
    }

    public int port() {
        return broker.amqpPort();
    }

    public Broker broker() {
        return broker;
    }

    public BrokerServices services() {
        return broker.services();
    }

    /** A connection factory for guest/guest on this broker, without automatic recovery. */
    public ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port());
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setRequestedHeartbeat(0);
        factory.setConnectionTimeout(5000);
        return factory;
    }

    /** A new guest connection, closed after the test. */
    public Connection connect() throws IOException, TimeoutException {
        return track(factory().newConnection());
    }

    public Connection track(Connection connection) {
        opened.add(connection);
        return connection;
    }

    /** A channel on a new connection. */
    public Channel channel() throws IOException, TimeoutException {
        return connect().createChannel();
    }

    /** A queue name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
