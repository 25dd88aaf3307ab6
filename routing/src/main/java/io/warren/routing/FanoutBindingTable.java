package io.warren.routing;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Bindings of a fanout exchange: every destination, whatever the key.
 */
final class FanoutBindingTable<D> extends AbstractBindingTable<D> {
    /*
     * Design: a route walks one immutable array of distinct destinations read through a volatile
     * field; binds and unbinds replace the array. A destination bound several times (with different
     * keys or arguments) is in it once, and leaves with its last binding.
     */
    private volatile Object[] destinations = CopyOnWrite.EMPTY;

    @Override
    protected void link(Binding<D> binding) {
        destinations = CopyOnWrite.with(destinations, binding.destination());
    }

    @Override
    protected void unlink(Binding<D> binding) {
        if (bindingCount(binding.destination()) == 0) {
            destinations = CopyOnWrite.without(destinations, binding.destination());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        for (Object destination : destinations) {
            sink.accept((D) destination);
        }
    }
}
