package io.warren.broker.vhost;

import io.warren.broker.AmqpException;
import io.warren.broker.FieldTypeNames;
import io.warren.broker.Resource;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.security.AccessControl;
import io.warren.broker.security.AccessKind;
import io.warren.routing.Binding;
import io.warren.routing.ExchangeTypeRegistry;
import java.util.Map;

/**
 * Declaring, deleting and binding exchanges and queues, and the access checks for reading a
 * queue, with RabbitMQ's checks in RabbitMQ's order and texts: reserved {@code amq.} names, the
 * default exchange, the user's configure/write/read permissions, argument validation and
 * equivalence. AMQP channels and the management API both come through here, so an operation is
 * refused the same way whichever door it comes in by.
 *
 * <p>{@code owner} identifies the caller for exclusive queues: the AMQP connection, or any object
 * that owns none (an HTTP request), so another connection's exclusive queue is refused (405).
 */
public final class ResourceOperations {
    private final AccessControl access;
    private final ExchangeTypeRegistry exchangeTypes;

    public ResourceOperations(AccessControl access, ExchangeTypeRegistry exchangeTypes) {
        this.access = access;
        this.exchangeTypes = exchangeTypes;
    }

    // ---- exchanges -----------------------------------------------------------------------------

    /** {@code exchange.declare}: creates the exchange or checks the existing one matches. */
    public Exchange declareExchange(String user, VirtualHost vhost, String name, String type, boolean passive,
                                    boolean durable, boolean autoDelete, boolean internal,
                                    Map<String, Object> arguments) {
        if (!passive && exchangeTypes.find(type).isEmpty()) {
            throw AmqpException.commandInvalid("unknown exchange type '" + type + "'");
        }
        if (name.isEmpty()) {
            throw defaultExchangeRefused();
        }
        if (!passive) {
            Resource resource = Resource.exchange(vhost.name(), name);
            access.check(user, AccessKind.CONFIGURE, resource);
            if (vhost.exchange(name) == null) {
                checkNewExchange(user, name, arguments, resource);
            }
        }
        return vhost.declareExchange(name, type, passive, durable, autoDelete, internal, arguments);
    }

    /** What RabbitMQ checks only when the exchange is about to be created. */
    private void checkNewExchange(String user, String name, Map<String, Object> arguments, Resource resource) {
        if (name.startsWith("amq.")) {
            throw AmqpException.accessRefused("exchange name '" + name + "' contains reserved prefix 'amq.*'");
        }
        Object alternate = arguments.get(Exchange.ALTERNATE_EXCHANGE_ARG);
        if (alternate != null) {
            if (!(alternate instanceof String ae)) {
                throw AmqpException.preconditionFailed("invalid type '" + FieldTypeNames.of(alternate) + "' for arg '"
                        + Exchange.ALTERNATE_EXCHANGE_ARG + "' in " + resource);
            }
            access.check(user, AccessKind.WRITE, Resource.exchange(resource.vhost(), ae));
            access.check(user, AccessKind.READ, resource);
        }
    }

    /** {@code exchange.delete}; false when there was no such exchange. */
    public boolean deleteExchange(String user, VirtualHost vhost, String name, boolean ifUnused) {
        Resource resource = Resource.exchange(vhost.name(), name);
        if (name.isEmpty()) {
            throw defaultExchangeRefused();
        }
        if (name.startsWith("amq.")) {
            throw AmqpException.accessRefused("deletion of system " + resource + " not allowed");
        }
        access.check(user, AccessKind.CONFIGURE, resource);
        return vhost.deleteExchange(name, ifUnused);
    }

    /** {@code exchange.bind}: 404 when either end is missing. */
    public boolean bindExchange(String user, VirtualHost vhost, String source, String destination, String routingKey,
                                Map<String, Object> arguments) {
        Exchange[] ends = exchangeEnds(user, vhost, source, destination);
        if (ends[0] == null) {
            throw AmqpException.notFound("no " + Resource.exchange(vhost.name(), source));
        }
        if (ends[1] == null) {
            throw AmqpException.notFound("no " + Resource.exchange(vhost.name(), destination));
        }
        return vhost.bind(ends[0], new Destination.ToExchange(ends[1]), routingKey, arguments);
    }

    /** {@code exchange.unbind}: a binding (or an end) that does not exist is not an error. */
    public boolean unbindExchange(String user, VirtualHost vhost, String source, String destination,
                                  String routingKey, Map<String, Object> arguments) {
        Exchange[] ends = exchangeEnds(user, vhost, source, destination);
        return ends[0] != null && ends[1] != null
                && vhost.unbind(ends[0], new Destination.ToExchange(ends[1]), routingKey, arguments);
    }

    /** Checks the default exchange and permissions (write on destination, read on source); returns both ends or nulls. */
    private Exchange[] exchangeEnds(String user, VirtualHost vhost, String source, String destination) {
        if (source.isEmpty() || destination.isEmpty()) {
            throw defaultExchangeRefused();
        }
        access.check(user, AccessKind.WRITE, Resource.exchange(vhost.name(), destination));
        access.check(user, AccessKind.READ, Resource.exchange(vhost.name(), source));
        return new Exchange[] {vhost.exchange(source), vhost.exchange(destination)};
    }

    // ---- queues --------------------------------------------------------------------------------

    /**
     * {@code queue.declare} of a named queue: the caller picks a server-generated name for an empty
     * one ({@code serverNamed}, exempt from the reserved-prefix rule). A passive declaration only
     * checks that it exists and {@code owner} may use it.
     */
    public VirtualHost.Declared declareQueue(String user, VirtualHost vhost, String name, boolean serverNamed,
                                             boolean passive, boolean durable, boolean exclusive, boolean autoDelete,
                                             Map<String, Object> arguments, Object owner) {
        if (passive) {
            return vhost.declareQueue(name, true, null, owner);
        }
        if (!serverNamed && name.startsWith("amq.")) {
            throw AmqpException.accessRefused("queue name '" + name + "' contains reserved prefix 'amq.*'");
        }
        Resource resource = Resource.queue(vhost.name(), name);
        access.check(user, AccessKind.CONFIGURE, resource);
        // Exclusive queues live and die with their connection, so RabbitMQ never makes them durable.
        QueueSettings settings = new QueueSettings(durable && !exclusive, autoDelete, exclusive ? owner : null,
                arguments);
        if (vhost.queue(name) == null) {
            QueueArguments.validate(resource, arguments);
        }
        return vhost.declareQueue(name, false, settings, owner);
    }

    /** {@code queue.bind}: 404 when either end is missing (the exchange reported first, as RabbitMQ). */
    public boolean bindQueue(String user, VirtualHost vhost, String queueName, String exchangeName,
                             String routingKey, Map<String, Object> arguments, Object owner) {
        checkQueueBindingEnds(user, vhost, queueName, exchangeName);
        Exchange exchange = vhost.requireExchange(exchangeName);
        MessageQueue queue = vhost.requireQueue(queueName, owner);
        return vhost.bind(exchange, new Destination.ToQueue(queue), routingKey, arguments);
    }

    /** {@code queue.unbind}: unbinding what does not exist is fine. */
    public boolean unbindQueue(String user, VirtualHost vhost, String queueName, String exchangeName,
                               String routingKey, Map<String, Object> arguments, Object owner) {
        checkQueueBindingEnds(user, vhost, queueName, exchangeName);
        MessageQueue queue = vhost.queue(queueName);
        Exchange exchange = vhost.exchange(exchangeName);
        if (queue == null || exchange == null) {
            return false;
        }
        Destination destination = new Destination.ToQueue(queue);
        // As in rabbit_binding:remove, another connection's exclusive queue is refused (405) only
        // when there is a binding to remove; unbinding what does not exist is always fine.
        if (!exchange.bindings().bindingsFor(destination).contains(new Binding<>(destination, routingKey, arguments))) {
            return false;
        }
        vhost.requireQueue(queueName, owner);
        return vhost.unbind(exchange, destination, routingKey, arguments);
    }

    /** The default-exchange rule and permissions of (un)binding: write on the queue, read on the exchange. */
    private void checkQueueBindingEnds(String user, VirtualHost vhost, String queueName, String exchangeName) {
        if (exchangeName.isEmpty()) {
            throw defaultExchangeRefused();
        }
        access.check(user, AccessKind.WRITE, Resource.queue(vhost.name(), queueName));
        access.check(user, AccessKind.READ, Resource.exchange(vhost.name(), exchangeName));
    }

    /**
     * The queue {@code queue.delete} acts on, after the configure check: null when it does not exist
     * (not an error in AMQP), 405 when it is another connection's exclusive queue.
     */
    public MessageQueue queueToDelete(String user, VirtualHost vhost, String name, Object owner) {
        access.check(user, AccessKind.CONFIGURE, Resource.queue(vhost.name(), name));
        if (vhost.queue(name) == null) {
            return null;
        }
        return vhost.requireQueue(name, owner);
    }

    /** The queue to purge, get from or consume from, after the read check: 404 or 405 as RabbitMQ. */
    public MessageQueue queueToRead(String user, VirtualHost vhost, String name, Object owner) {
        access.check(user, AccessKind.READ, Resource.queue(vhost.name(), name));
        return vhost.requireQueue(name, owner);
    }

    private static AmqpException defaultExchangeRefused() {
        return AmqpException.accessRefused("operation not permitted on the default exchange");
    }
}
