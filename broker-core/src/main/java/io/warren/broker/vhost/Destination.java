package io.warren.broker.vhost;

import io.warren.broker.queue.MessageQueue;

/** What a binding leads to: a queue, or another exchange (RabbitMQ's exchange-to-exchange bindings). */
public sealed interface Destination permits Destination.ToQueue, Destination.ToExchange {
    String name();

    record ToQueue(MessageQueue queue) implements Destination {
        @Override
        public String name() {
            return queue.name();
        }
    }

    record ToExchange(Exchange exchange) implements Destination {
        @Override
        public String name() {
            return exchange.name();
        }
    }
}
