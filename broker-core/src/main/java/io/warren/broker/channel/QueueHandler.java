package io.warren.broker.channel;

import io.warren.amqp.method.Method;
import io.warren.amqp.method.QueueBind;
import io.warren.amqp.method.QueueBindOk;
import io.warren.amqp.method.QueueDeclare;
import io.warren.amqp.method.QueueDeclareOk;
import io.warren.amqp.method.QueueDelete;
import io.warren.amqp.method.QueueDeleteOk;
import io.warren.amqp.method.QueuePurge;
import io.warren.amqp.method.QueuePurgeOk;
import io.warren.amqp.method.QueueUnbind;
import io.warren.amqp.method.QueueUnbindOk;
import io.warren.broker.AmqpException;
import io.warren.broker.Resource;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.security.AccessKind;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.QueueArguments;
import io.warren.broker.vhost.VirtualHost;
import io.warren.routing.Binding;

/** {@code queue.declare}, {@code bind}, {@code unbind}, {@code purge} and {@code delete}, with RabbitMQ's checks and texts. */
final class QueueHandler {
    private final AmqpChannel channel;

    QueueHandler(AmqpChannel channel) {
        this.channel = channel;
    }

    void handle(Method method) {
        if (method instanceof QueueDeclare declare) {
            declare(declare);
        } else if (method instanceof QueueBind bind) {
            bind(bind);
        } else if (method instanceof QueueUnbind unbind) {
            unbind(unbind);
        } else if (method instanceof QueuePurge purge) {
            purge(purge);
        } else if (method instanceof QueueDelete delete) {
            delete(delete);
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void declare(QueueDeclare d) {
        VirtualHost vhost = channel.vhost();
        AmqpConnection connection = channel.connection();
        String name = d.queue();
        if (name.equals(DirectReplyTo.PSEUDO_QUEUE) || DirectReplyTo.isAddress(name)) {
            declareReplyTo(d);
            return;
        }
        if (name.isEmpty()) {
            name = Names.queueName();
        } else if (!d.passive() && name.startsWith("amq.")) {
            throw AmqpException.accessRefused("queue name '" + name + "' contains reserved prefix 'amq.*'");
        }
        Resource resource = Resource.queue(vhost.name(), name);
        VirtualHost.Declared declared;
        if (d.passive()) {
            declared = vhost.declareQueue(name, true, null, connection);
        } else {
            channel.check(AccessKind.CONFIGURE, resource);
            // Exclusive queues live and die with their connection, so RabbitMQ never makes them durable.
            boolean durable = d.durable() && !d.exclusive();
            QueueSettings settings = new QueueSettings(durable, d.autoDelete(), d.exclusive() ? connection : null,
                    d.arguments());
            if (vhost.queue(name) == null) {
                QueueArguments.validate(resource, d.arguments());
            }
            declared = vhost.declareQueue(name, false, settings, connection);
            if (declared.created() && d.exclusive()) {
                connection.ownExclusiveQueue(declared.queue());
            }
        }
        MessageQueue queue = declared.queue();
        channel.rememberDeclaredQueue(name);
        if (d.nowait()) {
            return;
        }
        if (declared.created()) {
            channel.sendWhenDurable(d, new QueueDeclareOk(name, 0, 0));
            return;
        }
        // Counted by the queue after what is already in its mailbox, such as this channel's publishes.
        String declaredName = name;
        channel.suspend();
        queue.counts((messages, consumers) -> channel.onConnectionThread(() -> {
            if (channel.isOpen()) {
                channel.send(new QueueDeclareOk(declaredName, messages, consumers));
            }
            channel.resume();
        }));
    }

    /**
     * The direct reply-to pseudo-queue always "exists" with one consumer; an address exists while
     * its reply consumer does, as in RabbitMQ.
     */
    private void declareReplyTo(QueueDeclare d) {
        if (DirectReplyTo.isAddress(d.queue()) && channel.vhost().replyTarget(d.queue()) == null) {
            throw AmqpException.notFound("no " + Resource.queue(channel.vhost().name(), d.queue()));
        }
        if (!d.nowait()) {
            channel.send(new QueueDeclareOk(d.queue(), 0, 1));
        }
    }

    private void bind(QueueBind b) {
        String queueName = channel.queueName(b.queue());
        String routingKey = b.queue().isEmpty() && b.routingKey().isEmpty() ? queueName : b.routingKey();
        checkEnds(queueName, b.exchange());
        // When both are missing RabbitMQ reports the source (the exchange) first.
        Exchange exchange = channel.vhost().requireExchange(b.exchange());
        MessageQueue queue = channel.vhost().requireQueue(queueName, channel.connection());
        channel.vhost().bind(exchange, new Destination.ToQueue(queue), routingKey, b.arguments());
        if (!b.nowait()) {
            channel.sendWhenDurable(b, new QueueBindOk());
        }
    }

    private void unbind(QueueUnbind u) {
        String queueName = channel.queueName(u.queue());
        String routingKey = u.queue().isEmpty() && u.routingKey().isEmpty() ? queueName : u.routingKey();
        checkEnds(queueName, u.exchange());
        VirtualHost vhost = channel.vhost();
        MessageQueue queue = vhost.queue(queueName);
        Exchange exchange = vhost.exchange(u.exchange());
        if (queue != null && exchange != null) {
            Destination destination = new Destination.ToQueue(queue);
            // As in rabbit_binding:remove, another connection's exclusive queue is refused (405) only
            // when there is a binding to remove; unbinding what does not exist is always fine.
            if (exchange.bindings().bindingsFor(destination)
                    .contains(new Binding<>(destination, routingKey, u.arguments()))) {
                vhost.requireQueue(queueName, channel.connection());
                vhost.unbind(exchange, destination, routingKey, u.arguments());
            }
        }
        channel.sendWhenDurable(u, new QueueUnbindOk());
    }

    /** The default-exchange rule and permissions of (un)binding: write on the queue, read on the exchange. */
    private void checkEnds(String queueName, String exchangeName) {
        if (exchangeName.isEmpty()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        String vhost = channel.vhost().name();
        channel.check(AccessKind.WRITE, Resource.queue(vhost, queueName));
        channel.check(AccessKind.READ, Resource.exchange(vhost, exchangeName));
    }

    private void purge(QueuePurge p) {
        String queueName = channel.queueName(p.queue());
        channel.check(AccessKind.READ, Resource.queue(channel.vhost().name(), queueName));
        MessageQueue queue = channel.vhost().requireQueue(queueName, channel.connection());
        channel.suspend();
        queue.purge(count -> channel.onConnectionThread(() -> {
            if (channel.isOpen() && !p.nowait()) {
                channel.send(new QueuePurgeOk(count));
            }
            channel.resume();
        }));
    }

    private void delete(QueueDelete d) {
        String queueName = channel.queueName(d.queue());
        VirtualHost vhost = channel.vhost();
        channel.check(AccessKind.CONFIGURE, Resource.queue(vhost.name(), queueName));
        MessageQueue queue = vhost.queue(queueName);
        if (queue == null) {
            if (!d.nowait()) {
                channel.send(new QueueDeleteOk(0));
            }
            return;
        }
        vhost.requireQueue(queueName, channel.connection());
        channel.suspend();
        queue.delete(d.ifUnused(), d.ifEmpty(), (count, refused) -> channel.onConnectionThread(() -> {
            if (refused != null) {
                channel.fail(refused, d);
            } else {
                vhost.removeQueue(queue);
                channel.connection().forgetExclusiveQueue(queue);
                if (channel.isOpen() && !d.nowait()) {
                    channel.sendWhenDurableThenResume(d, new QueueDeleteOk(count));
                    return;
                }
            }
            channel.resume();
        }));
    }
}
