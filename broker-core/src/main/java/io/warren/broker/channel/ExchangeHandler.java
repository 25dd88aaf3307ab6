package io.warren.broker.channel;

import io.warren.amqp.method.ExchangeBind;
import io.warren.amqp.method.ExchangeBindOk;
import io.warren.amqp.method.ExchangeDeclare;
import io.warren.amqp.method.ExchangeDeclareOk;
import io.warren.amqp.method.ExchangeDelete;
import io.warren.amqp.method.ExchangeDeleteOk;
import io.warren.amqp.method.ExchangeUnbind;
import io.warren.amqp.method.ExchangeUnbindOk;
import io.warren.amqp.method.Method;
import io.warren.broker.AmqpException;
import io.warren.broker.vhost.ResourceOperations;

/** {@code exchange.declare}, {@code delete}, {@code bind} and {@code unbind}, with RabbitMQ's checks and texts. */
final class ExchangeHandler {
    private final AmqpChannel channel;

    ExchangeHandler(AmqpChannel channel) {
        this.channel = channel;
    }

    void handle(Method method) {
        if (method instanceof ExchangeDeclare declare) {
            declare(declare);
        } else if (method instanceof ExchangeDelete delete) {
            delete(delete);
        } else if (method instanceof ExchangeBind bind) {
            bind(bind);
        } else if (method instanceof ExchangeUnbind unbind) {
            unbind(unbind);
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void declare(ExchangeDeclare d) {
        operations().declareExchange(user(), channel.vhost(), d.exchange(), d.type(), d.passive(), d.durable(),
                d.autoDelete(), d.internal(), d.arguments());
        if (!d.nowait()) {
            channel.sendWhenDurable(d, new ExchangeDeclareOk());
        }
    }

    private void delete(ExchangeDelete d) {
        operations().deleteExchange(user(), channel.vhost(), d.exchange(), d.ifUnused());
        if (!d.nowait()) {
            channel.sendWhenDurable(d, new ExchangeDeleteOk());
        }
    }

    private void bind(ExchangeBind b) {
        operations().bindExchange(user(), channel.vhost(), b.source(), b.destination(), b.routingKey(),
                b.arguments());
        if (!b.nowait()) {
            channel.sendWhenDurable(b, new ExchangeBindOk());
        }
    }

    private void unbind(ExchangeUnbind u) {
        operations().unbindExchange(user(), channel.vhost(), u.source(), u.destination(), u.routingKey(),
                u.arguments());
        if (!u.nowait()) {
            channel.sendWhenDurable(u, new ExchangeUnbindOk());
        }
    }

    private ResourceOperations operations() {
        return channel.connection().services().resourceOperations();
    }

    private String user() {
        return channel.connection().user().name();
    }
}
