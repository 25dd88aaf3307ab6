package io.warren.routing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bindings of a headers exchange: each binding's {@link HeadersMatcher} is asked in turn.
 */
final class HeadersBindingTable<D> extends AbstractBindingTable<D> {
    /*
     * Design: headers matching has no key to index on, so a route scans every binding, as
     * RabbitMQ's does; what it saves is the per-binding work, because each matcher was prepared at
     * bind time. The scan walks an immutable array read through one volatile field and replaced by
     * writers.
     */
    private static final Entry[] NONE = new Entry[0];

    private record Entry(Binding<?> binding, HeadersMatcher matcher) {
    }

    private volatile Entry[] entries = NONE;

    @Override
    protected void link(Binding<D> binding) {
        Entry[] current = entries;
        Entry[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Entry(binding, HeadersMatcher.of(binding.arguments()));
        entries = next;
    }

    @Override
    protected void unlink(Binding<D> binding) {
        Entry[] current = entries;
        for (int i = 0; i < current.length; i++) {
            if (current[i].binding.equals(binding)) {
                Entry[] next = new Entry[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                entries = next;
                return;
            }
        }
    }

    /** A deleted destination's bindings leave in one pass, not one array copy each. */
    @Override
    protected void unlinkAll(List<Binding<D>> bindings) {
        Set<Binding<D>> gone = new HashSet<>(bindings);
        entries = Arrays.stream(entries).filter(entry -> !gone.contains(entry.binding)).toArray(Entry[]::new);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        for (Entry entry : entries) {
            if (entry.matcher.matches(headers)) {
                sink.accept((D) entry.binding.destination());
            }
        }
    }
}
