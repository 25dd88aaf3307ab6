package io.warren.routing;

import java.util.Map;

/**
 * An exchange type: how an exchange matches a message against its bindings, and which bindings it
 * accepts. The counterpart of RabbitMQ's {@code rabbit_exchange_type} behaviour
 * (<a href="https://www.rabbitmq.com/docs/exchanges">RabbitMQ: exchanges</a>), cut down to pure
 * matching: following exchange-to-exchange bindings, alternate exchanges and {@code CC}/{@code BCC}
 * headers is the virtual host's job, not the type's.
 *
 * <p>Types are found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.warren.routing.ExchangeType} (see {@link ExchangeTypeRegistry}), so a
 * plugin exchange type is a jar with one class and one service file. An implementation needs a
 * public no-argument constructor, must be stateless and thread-safe, and keeps all per-exchange
 * state in the {@link BindingTable}s it creates. RabbitMQ asks plugin types to use names starting
 * with {@code x-}, such as {@code x-consistent-hash}.
 */
public interface ExchangeType {
    /** The name clients give in {@code exchange.declare}: {@code "direct"}, {@code "topic"}, ... */
    String name();

    /** One line for listings, as in the management API's {@code exchange_types}. */
    default String description() {
        return name() + " exchange";
    }

    /** A new, empty table for the bindings of one exchange of this type. */
    <D> BindingTable<D> newBindingTable();

    /**
     * Checks a binding before the broker adds it, as RabbitMQ's {@code validate_binding/2}. The
     * default accepts everything, as direct, fanout and topic exchanges do.
     *
     * @param routingKey the binding key, never null
     * @param arguments  the binding arguments; empty or {@code null} when there are none
     * @throws InvalidBindingException with RabbitMQ's message, which the broker sends with
     *                                 {@code 406 PRECONDITION_FAILED}
     */
    default void validateBinding(String routingKey, Map<String, Object> arguments) {
    }
}
