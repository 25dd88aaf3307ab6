package io.warren.routing;

/**
 * The {@code fanout} exchange type: a message goes to every bound destination; the routing key and
 * binding arguments are ignored (see
 * <a href="https://www.rabbitmq.com/tutorials/amqp-concepts#exchange-fanout">RabbitMQ: fanout
 * exchange</a> and {@code rabbit_exchange_type_fanout}).
 */
public final class FanoutExchangeType implements ExchangeType {
    /** The type's name in {@code exchange.declare}. */
    public static final String NAME = "fanout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMQP fanout exchange, as per the AMQP specification";
    }

    @Override
    public <D> BindingTable<D> newBindingTable() {
        return new FanoutBindingTable<>();
    }
}
