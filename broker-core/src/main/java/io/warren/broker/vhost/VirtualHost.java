package io.warren.broker.vhost;

import io.warren.broker.AmqpException;
import io.warren.broker.Resource;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueLifecycle;
import io.warren.broker.queue.QueueResources;
import io.warren.broker.queue.QueueSettings;
import io.warren.routing.Binding;
import io.warren.routing.ExchangeType;
import io.warren.routing.ExchangeTypeRegistry;
import io.warren.routing.InvalidBindingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A virtual host: its exchanges, queues and the bindings between them.
 *
 * <p>Publishing reads the maps without locks; declarations, deletions and bindings, which are rare,
 * take the virtual host's monitor so that checks and changes happen together (a queue deleted while
 * someone binds it cannot leave a binding behind).
 *
 * <p>Routing follows RabbitMQ: the default exchange reaches the queue named by the routing key;
 * other exchanges ask their type's binding table; exchange-to-exchange bindings are followed with a
 * visited set, so cycles end and no queue gets a message twice; an exchange whose bindings match
 * nothing passes the message to its alternate exchange.
 */
public final class VirtualHost implements QueueLifecycle {
    public static final String DEFAULT_EXCHANGE = "";

    private final String name;
    private final ExchangeTypeRegistry exchangeTypes;
    private final Supplier<Executor> queueExecutors;
    private final QueueResources queueResources;
    private final DefinitionChanges changes;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, MessageQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, ReplyTarget> replyTargets = new ConcurrentHashMap<>();

    public VirtualHost(String name, ExchangeTypeRegistry exchangeTypes, Supplier<Executor> queueExecutors,
                       QueueResources queueResources, DefinitionChanges changes) {
        this.name = name;
        this.exchangeTypes = exchangeTypes;
        this.queueExecutors = queueExecutors;
        this.queueResources = queueResources;
        this.changes = changes;
        declareStandardExchanges();
    }

    public String name() {
        return name;
    }

    private void declareStandardExchanges() {
        putExchange(DEFAULT_EXCHANGE, "direct");
        putExchange("amq.direct", "direct");
        putExchange("amq.fanout", "fanout");
        putExchange("amq.topic", "topic");
        putExchange("amq.headers", "headers");
        putExchange("amq.match", "headers");
    }

    private void putExchange(String exchangeName, String type) {
        exchanges.put(exchangeName, new Exchange(name, exchangeName, requireType(type), true, false, false, Map.of()));
    }

    // ---- exchanges -----------------------------------------------------------------------------

    public Exchange exchange(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    /** The exchange, or 404 NOT_FOUND in RabbitMQ's words. */
    public Exchange requireExchange(String exchangeName) {
        Exchange exchange = exchanges.get(exchangeName);
        if (exchange == null) {
            throw AmqpException.notFound("no " + Resource.exchange(name, exchangeName));
        }
        return exchange;
    }

    /**
     * Declares an exchange, or checks an existing one matches. Passive declarations only check that
     * it exists. The caller has checked names and permissions.
     */
    public synchronized Exchange declareExchange(String exchangeName, String type, boolean passive, boolean durable,
                                                 boolean autoDelete, boolean internal, Map<String, Object> arguments) {
        Exchange existing = exchanges.get(exchangeName);
        if (passive) {
            if (existing == null) {
                throw AmqpException.notFound("no " + Resource.exchange(name, exchangeName));
            }
            return existing;
        }
        ExchangeType exchangeType = exchangeTypes.find(type)
                .orElseThrow(() -> AmqpException.commandInvalid("unknown exchange type '" + type + "'"));
        if (existing != null) {
            Resource resource = existing.resource();
            Equivalence.require(resource, "type", type, existing.type().name());
            Equivalence.require(resource, "durable", durable, existing.isDurable());
            Equivalence.require(resource, "auto_delete", autoDelete, existing.isAutoDelete());
            Equivalence.require(resource, "internal", internal, existing.isInternal());
            Equivalence.requireArguments(resource, arguments, existing.arguments(),
                    List.of(Exchange.ALTERNATE_EXCHANGE_ARG));
            return existing;
        }
        Exchange exchange = new Exchange(name, exchangeName, exchangeType, durable, autoDelete, internal, arguments);
        exchanges.put(exchangeName, exchange);
        changes.exchangeAdded(exchange);
        return exchange;
    }

    /** Deletes an exchange and every binding to or from it. Returns false if it did not exist. */
    public synchronized boolean deleteExchange(String exchangeName, boolean ifUnused) {
        Exchange exchange = exchanges.get(exchangeName);
        if (exchange == null) {
            return false;
        }
        if (ifUnused && exchange.bindings().size() > 0) {
            throw AmqpException.preconditionFailed(exchange.resource() + " in use");
        }
        removeExchange(exchange);
        return true;
    }

    private void removeExchange(Exchange exchange) {
        exchanges.remove(exchange.name(), exchange);
        exchange.markDeleted();
        removeBindingsTo(new Destination.ToExchange(exchange));
        changes.exchangeRemoved(exchange);
    }

    // ---- queues --------------------------------------------------------------------------------

    public MessageQueue queue(String queueName) {
        MessageQueue queue = queues.get(queueName);
        return queue == null || queue.isDeleted() ? null : queue;
    }

    public Collection<MessageQueue> queues() {
        return queues.values();
    }

    /**
     * The queue as {@code connection} may use it: 404 if it does not exist, 405 if it is another
     * connection's exclusive queue.
     */
    public MessageQueue requireQueue(String queueName, Object connection) {
        MessageQueue queue = queue(queueName);
        if (queue == null) {
            throw AmqpException.notFound("no " + Resource.queue(name, queueName));
        }
        checkExclusiveAccess(queue, connection);
        return queue;
    }

    /**
     * Declares a queue, or checks an existing one matches; passive declarations only check it exists
     * and is accessible. Returns the queue and whether it was created.
     */
    public synchronized Declared declareQueue(String queueName, boolean passive, QueueSettings settings,
                                              Object connection) {
        MessageQueue existing = queue(queueName);
        if (passive) {
            if (existing == null) {
                throw AmqpException.notFound("no " + Resource.queue(name, queueName));
            }
            checkExclusiveAccess(existing, connection);
            return new Declared(existing, false);
        }
        if (existing != null) {
            // RabbitMQ's strict check: the declared owner (this connection if exclusive, else none) must
            // be the queue's owner, so an exclusive flag that differs is 405 too, even on the owning connection.
            if (existing.settings().exclusiveOwner() != settings.exclusiveOwner()) {
                throw locked(existing);
            }
            Resource resource = existing.resource();
            QueueSettings current = existing.settings();
            Equivalence.require(resource, "durable", settings.durable(), current.durable());
            Equivalence.require(resource, "auto_delete", settings.autoDelete(), current.autoDelete());
            Equivalence.requireArguments(resource, settings.arguments(), current.arguments(),
                    QueueArguments.COMPARED_ON_REDECLARE);
            return new Declared(existing, false);
        }
        MessageQueue queue = new MessageQueue(name, queueName, settings, queueExecutors.get(), this, queueResources);
        queues.put(queueName, queue);
        changes.queueAdded(queue);
        return new Declared(queue, true);
    }

    /** The result of {@link #declareQueue}. */
    public record Declared(MessageQueue queue, boolean created) {
    }

    private void checkExclusiveAccess(MessageQueue queue, Object connection) {
        Object owner = queue.settings().exclusiveOwner();
        if (owner != null && owner != connection) {
            throw locked(queue);
        }
    }

    private static AmqpException locked(MessageQueue queue) {
        return AmqpException.resourceLocked("cannot obtain exclusive access to locked " + queue.resource()
                + ". It could be originally declared on another connection or the exclusive property value"
                + " does not match that of the original declaration.");
    }

    /** Forgets a queue that has been deleted, with its bindings. */
    public synchronized void removeQueue(MessageQueue queue) {
        if (queues.remove(queue.name(), queue)) {
            removeBindingsTo(new Destination.ToQueue(queue));
            changes.queueRemoved(queue);
        }
    }

    @Override
    public void autoDeleted(MessageQueue queue) {
        removeQueue(queue);
    }

    // ---- bindings ------------------------------------------------------------------------------

    /** Binds; returns false when the binding already existed (which is not an error). */
    public synchronized boolean bind(Exchange source, Destination destination, String routingKey,
                                     Map<String, Object> arguments) {
        if (source.isDefault()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        if (source.isDeleted() || isGone(destination)) {
            throw AmqpException.notFound("no " + (source.isDeleted() ? source.resource() : describe(destination)));
        }
        try {
            source.type().validateBinding(routingKey, arguments);
        } catch (InvalidBindingException e) {
            throw AmqpException.preconditionFailed(e.getMessage());
        }
        Binding<Destination> binding = new Binding<>(destination, routingKey, arguments);
        boolean added = source.bindings().add(binding);
        if (added) {
            changes.bindingAdded(source, binding);
        }
        return added;
    }

    /** Unbinds; a binding that does not exist is not an error, as in RabbitMQ. */
    public synchronized boolean unbind(Exchange source, Destination destination, String routingKey,
                                       Map<String, Object> arguments) {
        if (source.isDefault()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        Binding<Destination> binding = new Binding<>(destination, routingKey, arguments);
        boolean removed = source.bindings().remove(binding);
        if (removed) {
            changes.bindingRemoved(source, binding);
            autoDeleteIfUnbound(source);
        }
        return removed;
    }

    /** Every binding in the virtual host, as (source, binding) pairs, for listings. */
    public synchronized List<SourcedBinding> bindings() {
        List<SourcedBinding> all = new ArrayList<>();
        for (Exchange exchange : exchanges.values()) {
            for (Binding<Destination> binding : exchange.bindings().bindings()) {
                all.add(new SourcedBinding(exchange, binding));
            }
        }
        return all;
    }

    /** A binding with the exchange it starts from. */
    public record SourcedBinding(Exchange source, Binding<Destination> binding) {
    }

    private void removeBindingsTo(Destination destination) {
        for (Exchange exchange : List.copyOf(exchanges.values())) {
            List<Binding<Destination>> removed = exchange.bindings().bindingsFor(destination);
            if (!removed.isEmpty()) {
                exchange.bindings().removeDestination(destination);
                removed.forEach(binding -> changes.bindingRemoved(exchange, binding));
                autoDeleteIfUnbound(exchange);
            }
        }
        if (destination instanceof Destination.ToExchange x) {
            // An exchange's own bindings go with it.
            Exchange source = x.exchange();
            for (Binding<Destination> binding : source.bindings().bindings()) {
                source.bindings().remove(binding);
                changes.bindingRemoved(source, binding);
            }
        }
    }

    /** An auto-delete exchange goes when the last binding from it goes, as in RabbitMQ. */
    private void autoDeleteIfUnbound(Exchange exchange) {
        if (exchange.isAutoDelete() && exchange.bindings().size() == 0 && !exchange.isDeleted()) {
            removeExchange(exchange);
        }
    }

    private static boolean isGone(Destination destination) {
        return destination instanceof Destination.ToQueue q ? q.queue().isDeleted()
                : ((Destination.ToExchange) destination).exchange().isDeleted();
    }

    private String describe(Destination destination) {
        return destination instanceof Destination.ToQueue q ? q.queue().resource().toString()
                : ((Destination.ToExchange) destination).exchange().resource().toString();
    }

    // ---- direct reply-to -------------------------------------------------------------------------

    /**
     * Where replies to a direct reply-to address go: the requesting channel's reply consumer
     * (RabbitMQ's {@code amq.rabbitmq.reply-to}), which gets them without any queue in between.
     */
    public interface ReplyTarget {
        /** Delivers a reply; takes one body reference over. Called on the replier's thread. */
        void deliverReply(io.warren.broker.message.Message reply);
    }

    public void registerReplyTarget(String address, ReplyTarget target) {
        replyTargets.put(address, target);
    }

    public void unregisterReplyTarget(String address) {
        replyTargets.remove(address);
    }

    /** The reply consumer behind {@code address}, or null when it is gone. */
    public ReplyTarget replyTarget(String address) {
        return replyTargets.get(address);
    }

    // ---- routing -------------------------------------------------------------------------------

    /**
     * Routes a message published to {@code exchange} with {@code routingKeys} (the routing key, plus
     * any {@code CC} and {@code BCC} keys) into {@code result}.
     */
    public void route(Exchange exchange, List<String> routingKeys, Map<String, Object> headers,
                      RouteCollector result) {
        result.clear();
        result.enqueueVisit(exchange);
        Exchange current;
        while ((current = result.nextExchange()) != null) {
            for (int i = 0; i < routingKeys.size(); i++) {
                String key = routingKeys.get(i);
                if (current.isDefault()) {
                    MessageQueue queue = queue(key);
                    if (queue != null) {
                        result.addQueue(queue);
                    }
                } else {
                    current.bindings().route(key, headers, result);
                }
            }
            if (result.matchedAtCurrentExchange() == 0) {
                String alternate = current.alternateExchange();
                Exchange ae = alternate == null ? null : exchanges.get(alternate);
                if (ae != null) {
                    result.enqueueVisit(ae);
                }
            }
        }
    }

    private ExchangeType requireType(String type) {
        return exchangeTypes.find(type).orElseThrow(() -> new IllegalStateException("no built-in exchange type " + type));
    }

    /** Deletes everything, when the virtual host itself is deleted. */
    public synchronized void deleteAll() {
        for (MessageQueue queue : List.copyOf(queues.values())) {
            queue.forceDelete();
            removeQueue(queue);
        }
        for (Exchange exchange : List.copyOf(exchanges.values())) {
            removeExchange(exchange);
        }
    }
}
