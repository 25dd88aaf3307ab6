package io.warren.distribution;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/**
 * The same scenarios against a RabbitMQ node with its management plugin, to prove warrenctl speaks
 * RabbitMQ's API as RabbitMQ speaks it. Runs only when told where the node is, e.g.
 * {@code -Dwarren.rabbitmq.management=http://127.0.0.1:15679 -Dwarren.rabbitmq.amqp=5679}
 * (guest/guest, reachable from loopback); skipped otherwise.
 */
class WarrenctlRabbitMQIT extends WarrenctlScenarios {
    private static final String MANAGEMENT = System.getProperty("warren.rabbitmq.management");
    private static final int AMQP = Integer.getInteger("warren.rabbitmq.amqp", 5672);

    @BeforeAll
    static void onlyWhenANodeIsGiven() {
        assumeTrue(MANAGEMENT != null && !MANAGEMENT.isBlank(),
                "no RabbitMQ given (-Dwarren.rabbitmq.management=URL -Dwarren.rabbitmq.amqp=PORT)");
    }

    @Override
    String managementUrl() {
        return MANAGEMENT;
    }

    @Override
    int amqpPort() {
        return AMQP;
    }
}
