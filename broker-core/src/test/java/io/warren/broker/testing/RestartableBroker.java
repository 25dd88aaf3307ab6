package io.warren.broker.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * An in-process broker on one data directory that a test stops and starts again, to see what
 * survives; and a guest connection to it that is reopened as needed. Shared through broker-core's
 * test jar (management's definitions tests restart one too).
 */
public final class RestartableBroker implements AutoCloseable {
    private final Path dataDir;
    private BrokerConfig config;
    private Broker broker;
    private Connection connection;

    public RestartableBroker(Path dataDir) {
        this.dataDir = dataDir;
    }

    public void start() throws Exception {
        start(BrokerConfig.defaults());
    }

    /** Starts on {@code base} (listening on a free loopback port, data in the test's directory). */
    public void start(BrokerConfig base) throws Exception {
        config = base.with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir);
        broker = Broker.start(config, List.of());
    }

    /** Stops cleanly and starts again with the same configuration. */
    public void restart() throws Exception {
        stop();
        broker = Broker.start(config, List.of());
    }

    /** Closes the connection and stops the broker. */
    public void stop() throws IOException {
        closeConnection();
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public Broker broker() {
        return broker;
    }

    public BrokerServices services() {
        return broker.services();
    }

    /** The configuration the broker runs with (for a second node on the same directory). */
    public BrokerConfig config() {
        return config;
    }

    public ConnectionFactory factory(String user, String password, String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setChannelRpcTimeout(10_000);
        return factory;
    }

    /** The guest connection to vhost "/", opened if needed. */
    public Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = factory("guest", "guest", "/").newConnection();
        }
        return connection;
    }

    public Channel channel() throws IOException, TimeoutException {
        return connection().createChannel();
    }

    public void closeConnection() throws IOException {
        if (connection != null && connection.isOpen()) {
            connection.close(2000);
        }
        connection = null;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
