package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** An in-process broker on a test's data directory that can be restarted, and the definitions fixtures. */
final class DefinitionsTestNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code GET /api/definitions} of a RabbitMQ 3.10.x, as saved; see the fixture's README. */
    static final String RABBITMQ_EXPORT = "/definitions/rabbitmq-3.10-export.json";

    /** {@code GET /api/definitions/warren-defs} of the same RabbitMQ at the same moment. */
    static final String RABBITMQ_VHOST_EXPORT = "/definitions/rabbitmq-3.10-vhost-export.json";

    private final BrokerConfig config;
    private Broker broker;

    DefinitionsTestNode(Path dataDir) {
        this.config = BrokerConfig.defaults().with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir);
    }

    DefinitionsTestNode start() throws Exception {
        broker = Broker.start(config, List.of());
        return this;
    }

    void restart() throws Exception {
        broker.close();
        start();
    }

    BrokerServices services() {
        return broker.services();
    }

    ConnectionFactory factory(String user, String password, String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5000);
        return factory;
    }

    static ObjectNode fixture(String resource) {
        try (InputStream in = DefinitionsTestNode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
