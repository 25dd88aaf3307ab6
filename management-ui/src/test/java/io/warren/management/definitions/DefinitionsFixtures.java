package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The definitions fixtures: RabbitMQ 3.10 exports, and JSON parsing for the tests. */
final class DefinitionsFixtures {
    private DefinitionsFixtures() {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code GET /api/definitions} of a RabbitMQ 3.10.x, as saved; see the fixture's README. */
    static final String RABBITMQ_EXPORT = "/definitions/rabbitmq-3.10-export.json";

    /** {@code GET /api/definitions/warren-defs} of the same RabbitMQ at the same moment. */
    static final String RABBITMQ_VHOST_EXPORT = "/definitions/rabbitmq-3.10-vhost-export.json";

    static ObjectNode fixture(String resource) {
        try (InputStream in = DefinitionsFixtures.class.getResourceAsStream(resource)) {
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

}
