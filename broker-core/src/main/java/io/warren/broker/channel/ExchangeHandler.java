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
import io.warren.broker.FieldTypeNames;
import io.warren.broker.Resource;
import io.warren.broker.security.AccessKind;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;

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
        VirtualHost vhost = channel.vhost();
        if (!d.passive() && channel.connection().services().vhosts().exchangeTypes().find(d.type()).isEmpty()) {
            throw AmqpException.commandInvalid("unknown exchange type '" + d.type() + "'");
        }
        if (d.exchange().isEmpty()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        if (!d.passive()) {
            Resource resource = Resource.exchange(vhost.name(), d.exchange());
            channel.check(AccessKind.CONFIGURE, resource);
            if (vhost.exchange(d.exchange()) == null) {
                checkNewExchange(d, resource);
            }
        }
        vhost.declareExchange(d.exchange(), d.type(), d.passive(), d.durable(), d.autoDelete(), d.internal(),
                d.arguments());
        if (!d.nowait()) {
            channel.sendWhenDurable(d, new ExchangeDeclareOk());
        }
    }

    /** What RabbitMQ checks only when the exchange is about to be created. */
    private void checkNewExchange(ExchangeDeclare d, Resource resource) {
        if (d.exchange().startsWith("amq.")) {
            throw AmqpException.accessRefused("exchange name '" + d.exchange() + "' contains reserved prefix 'amq.*'");
        }
        Object alternate = d.arguments().get(Exchange.ALTERNATE_EXCHANGE_ARG);
        if (alternate != null) {
            if (!(alternate instanceof String ae)) {
                throw AmqpException.preconditionFailed("invalid type '" + FieldTypeNames.of(alternate) + "' for arg '"
                        + Exchange.ALTERNATE_EXCHANGE_ARG + "' in " + resource);
            }
            channel.check(AccessKind.WRITE, Resource.exchange(resource.vhost(), ae));
            channel.check(AccessKind.READ, resource);
        }
    }

    private void delete(ExchangeDelete d) {
        VirtualHost vhost = channel.vhost();
        Resource resource = Resource.exchange(vhost.name(), d.exchange());
        if (d.exchange().isEmpty()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        if (d.exchange().startsWith("amq.")) {
            throw AmqpException.accessRefused("deletion of system " + resource + " not allowed");
        }
        channel.check(AccessKind.CONFIGURE, resource);
        vhost.deleteExchange(d.exchange(), d.ifUnused());
        if (!d.nowait()) {
            channel.sendWhenDurable(d, new ExchangeDeleteOk());
        }
    }

    private void bind(ExchangeBind b) {
        Exchange[] ends = checkEnds(b.source(), b.destination());
        if (ends[0] == null) {
            throw AmqpException.notFound("no " + Resource.exchange(channel.vhost().name(), b.source()));
        }
        if (ends[1] == null) {
            throw AmqpException.notFound("no " + Resource.exchange(channel.vhost().name(), b.destination()));
        }
        channel.vhost().bind(ends[0], new Destination.ToExchange(ends[1]), b.routingKey(), b.arguments());
        if (!b.nowait()) {
            channel.sendWhenDurable(b, new ExchangeBindOk());
        }
    }

    private void unbind(ExchangeUnbind u) {
        Exchange[] ends = checkEnds(u.source(), u.destination());
        if (ends[0] != null && ends[1] != null) {
            channel.vhost().unbind(ends[0], new Destination.ToExchange(ends[1]), u.routingKey(), u.arguments());
        }
        if (!u.nowait()) {
            channel.sendWhenDurable(u, new ExchangeUnbindOk());
        }
    }

    /** Checks the default exchange and permissions (write on destination, read on source); returns both ends or nulls. */
    private Exchange[] checkEnds(String source, String destination) {
        if (source.isEmpty() || destination.isEmpty()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        VirtualHost vhost = channel.vhost();
        channel.check(AccessKind.WRITE, Resource.exchange(vhost.name(), destination));
        channel.check(AccessKind.READ, Resource.exchange(vhost.name(), source));
        return new Exchange[] {vhost.exchange(source), vhost.exchange(destination)};
    }
}
