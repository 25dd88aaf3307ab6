package io.warren.routing;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bindings of one exchange, and the matching over them.
 *
 * <p>Thread-safe. {@link #route} runs concurrently from many I/O threads and takes no lock; the rare
 * writes ({@link #add}, {@link #remove}, {@link #removeDestination}) are serialised among
 * themselves. A route that runs at the same time as a bind or unbind may or may not see it, as in
 * RabbitMQ, but never sees a destination that was not bound at some point during the call.
 *
 * @param <D> the broker's destination type (queue or exchange)
 */
public interface BindingTable<D> {
    /** Adds a binding; {@code false} if this exact binding (destination, key, arguments) exists. */
    boolean add(Binding<D> binding);

    /** Removes a binding; {@code false} if it was not there. */
    boolean remove(Binding<D> binding);

    /** Removes every binding to {@code destination}, when it is deleted; returns how many went. */
    int removeDestination(D destination);

    /**
     * Hands {@code sink} each destination whose binding matches the message. A destination may be
     * handed over more than once (the broker dedupes, as it does for RabbitMQ's route results), and
     * in no particular order. Does not allocate in the common case; {@code sink} may itself route
     * through another table.
     *
     * @param routingKey the message's routing key, never null
     * @param headers    the message's {@code headers} property, or {@code null} if it has none
     */
    void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink);

    /** How many bindings the table holds. */
    int size();

    /** A snapshot of all bindings, in the order they were added. */
    List<Binding<D>> bindings();

    /** A snapshot of the bindings to {@code destination}, in the order they were added. */
    List<Binding<D>> bindingsFor(D destination);
}
