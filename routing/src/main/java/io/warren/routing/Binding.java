package io.warren.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A binding from one exchange to a destination: the broker's queue, or exchange for
 * exchange-to-exchange bindings. The source exchange is implicit, since every {@link BindingTable}
 * belongs to one exchange.
 *
 * <p>Identity is {@code (destination, routingKey, arguments)}, as in RabbitMQ: binding the same
 * queue twice with the same key but different arguments makes two bindings, and an unbind must name
 * the arguments of the binding it removes (see
 * <a href="https://www.rabbitmq.com/docs/exchanges#bindings">RabbitMQ: bindings</a>). Arguments are
 * compared with {@link Map#equals}, so their values are type-sensitive ({@code Integer 1} and
 * {@code Long 1} are different arguments), which matches RabbitMQ comparing binding records with
 * their field types.
 *
 * @param destination where matching messages go; compared with {@code equals}
 * @param routingKey  the binding key ({@code ""} for none); never null
 * @param arguments   the binding's field table, values as the codec decodes them; {@code null}
 *                    means none. Kept as an unmodifiable copy that allows void ({@code null}) values.
 * @param <D> the broker's destination type
 */
public record Binding<D>(D destination, String routingKey, Map<String, Object> arguments) {
    public Binding {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        arguments = arguments == null || arguments.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** A binding without arguments. */
    public static <D> Binding<D> of(D destination, String routingKey) {
        return new Binding<>(destination, routingKey, Map.of());
    }
}
