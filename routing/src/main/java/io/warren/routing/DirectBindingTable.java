package io.warren.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Bindings of a direct exchange: destinations by exact binding key.
 */
final class DirectBindingTable<D> extends AbstractBindingTable<D> {
    /*
     * Design: a route is one ConcurrentHashMap lookup with the routing key as it came off the wire
     * (no copy, no allocation), then a walk over an immutable array. A bind copies only the array of
     * its own key, so cost does not depend on how many keys the exchange has.
     */
    private final ConcurrentHashMap<String, Object[]> byKey = new ConcurrentHashMap<>();

    @Override
    protected void link(Binding<D> binding) {
        Object[] current = byKey.getOrDefault(binding.routingKey(), CopyOnWrite.EMPTY);
        Object[] next = CopyOnWrite.with(current, binding.destination());
        if (next != current) {
            byKey.put(binding.routingKey(), next);
        }
    }

    @Override
    protected void unlink(Binding<D> binding) {
        if (bindingCount(binding.destination(), binding.routingKey()) > 0) {
            return; // still bound under this key with other arguments
        }
        Object[] current = byKey.get(binding.routingKey());
        if (current == null) {
            return;
        }
        Object[] next = CopyOnWrite.without(current, binding.destination());
        if (next.length == 0) {
            byKey.remove(binding.routingKey());
        } else if (next != current) {
            byKey.put(binding.routingKey(), next);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        Object[] destinations = byKey.get(routingKey);
        if (destinations != null) {
            for (Object destination : destinations) {
                sink.accept((D) destination);
            }
        }
    }
}
