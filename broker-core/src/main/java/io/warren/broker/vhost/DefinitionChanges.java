package io.warren.broker.vhost;

import io.warren.broker.queue.MessageQueue;
import io.warren.routing.Binding;

/**
 * Hears every change to virtual hosts, exchanges, queues and bindings, made by anyone (a client, an
 * auto-delete, a deleted virtual host), in the order they happen. The definitions journal listens,
 * to keep the durable ones on disk; it decides what is durable. Calls come under the virtual host's
 * lock, so listeners must not block.
 */
public interface DefinitionChanges {
    /** Listens to nothing. */
    DefinitionChanges NONE = new DefinitionChanges() {
    };

    default void vhostAdded(String vhost) {
    }

    default void vhostRemoved(String vhost) {
    }

    default void exchangeAdded(Exchange exchange) {
    }

    default void exchangeRemoved(Exchange exchange) {
    }

    default void queueAdded(MessageQueue queue) {
    }

    default void queueRemoved(MessageQueue queue) {
    }

    default void bindingAdded(Exchange source, Binding<Destination> binding) {
    }

    default void bindingRemoved(Exchange source, Binding<Destination> binding) {
    }
}
