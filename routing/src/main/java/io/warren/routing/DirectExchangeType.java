package io.warren.routing;

/**
 * The {@code direct} exchange type: a message goes to every destination bound with a binding key
 * equal to its routing key, character for character (see
 * <a href="https://www.rabbitmq.com/tutorials/amqp-concepts#exchange-direct">RabbitMQ: direct
 * exchange</a> and {@code rabbit_exchange_type_direct}). Binding arguments play no part in
 * matching; every binding is accepted.
 */
public final class DirectExchangeType implements ExchangeType {
    /** The type's name in {@code exchange.declare}. */
    public static final String NAME = "direct";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMQP direct exchange, as per the AMQP specification";
    }

    @Override
    public <D> BindingTable<D> newBindingTable() {
        return new DirectBindingTable<>();
    }
}
