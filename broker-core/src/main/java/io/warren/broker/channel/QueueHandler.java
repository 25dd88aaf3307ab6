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
import io.warren.broker.vhost.ResourceOperations;
import io.warren.broker.vhost.VirtualHost;

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
        boolean serverNamed = name.isEmpty();
        if (serverNamed) {
            name = Names.queueName();
        }
        VirtualHost.Declared declared = operations().declareQueue(channel.connection().user().name(), vhost, name,
                serverNamed, d.passive(), d.durable(), d.exclusive(), d.autoDelete(), d.arguments(), connection);
        if (!d.passive() && declared.created() && d.exclusive()) {
            connection.ownExclusiveQueue(declared.queue());
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

    private ResourceOperations operations() {
        return channel.connection().services().resourceOperations();
    }

    private String user() {
        return channel.connection().user().name();
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
        operations().bindQueue(user(), channel.vhost(), queueName, b.exchange(), routingKey, b.arguments(),
                channel.connection());
        if (!b.nowait()) {
            channel.sendWhenDurable(b, new QueueBindOk());
        }
    }

    private void unbind(QueueUnbind u) {
        String queueName = channel.queueName(u.queue());
        String routingKey = u.queue().isEmpty() && u.routingKey().isEmpty() ? queueName : u.routingKey();
        operations().unbindQueue(user(), channel.vhost(), queueName, u.exchange(), routingKey, u.arguments(),
                channel.connection());
        channel.sendWhenDurable(u, new QueueUnbindOk());
    }

    private void purge(QueuePurge p) {
        String queueName = channel.queueName(p.queue());
        MessageQueue queue = operations().queueToRead(user(), channel.vhost(), queueName, channel.connection());
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
        MessageQueue queue = operations().queueToDelete(user(), vhost, queueName, channel.connection());
        if (queue == null) {
            if (!d.nowait()) {
                channel.send(new QueueDeleteOk(0));
            }
            return;
        }
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
