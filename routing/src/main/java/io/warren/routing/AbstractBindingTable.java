package io.warren.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bookkeeping every {@link BindingTable} needs, so that an exchange type only writes its
 * matching: which exact bindings exist, which belong to each destination, how many each
 * destination has under each key, the counts and the snapshots. A subclass keeps its own structure
 * for {@link #route} and hears of each change through {@link #link} and {@link #unlink}. Public so
 * that plugin exchange types can build on it.
 */
public abstract class AbstractBindingTable<D> implements BindingTable<D> {
    /*
     * Design: writes are rare and may be slow-ish; routes are constant and must not block. So all
     * writes, and the index below, sit behind one lock that route() never takes; route() reads only
     * the subclass's structure, which link/unlink update (under this lock) with volatile writes.
     * The per-destination index makes deleting a queue cost its own bindings rather than a scan of
     * every binding of the exchange, and the per-key counts let a subclass that keeps each
     * destination once per key know in O(1) when its last binding under that key has gone — even
     * for a queue bound under 100 000 keys.
     */
    private final Object lock = new Object();
    private final Set<Binding<D>> all = new LinkedHashSet<>();
    private final Map<D, Set<Binding<D>>> byDestination = new HashMap<>();
    private final Map<D, Map<String, Integer>> keyCounts = new HashMap<>();
    private volatile int size;

    /**
     * Makes {@code binding} routable. Called under the table's write lock, after the binding has
     * joined the index.
     */
    protected abstract void link(Binding<D> binding);

    /**
     * Makes {@code binding} unroutable. Called under the write lock, after the binding has left the
     * index, so {@link #bindingCount(Object, String)} and {@link #bindingCount(Object)} already
     * leave it out.
     */
    protected abstract void unlink(Binding<D> binding);

    /**
     * Makes several bindings of one destination unroutable at once, when it is deleted; they have
     * all left the index already. Unlinks one by one unless a subclass can do better.
     */
    protected void unlinkAll(List<Binding<D>> bindings) {
        for (Binding<D> binding : bindings) {
            unlink(binding);
        }
    }

    @Override
    public final boolean add(Binding<D> binding) {
        Objects.requireNonNull(binding, "binding");
        synchronized (lock) {
            if (!all.add(binding)) {
                return false;
            }
            byDestination.computeIfAbsent(binding.destination(), d -> new LinkedHashSet<>()).add(binding);
            keyCounts.computeIfAbsent(binding.destination(), d -> new HashMap<>())
                    .merge(binding.routingKey(), 1, Integer::sum);
            try {
                link(binding);
            } catch (RuntimeException | Error e) {
                forget(binding);
                throw e;
            }
            size = all.size();
            return true;
        }
    }

    @Override
    public final boolean remove(Binding<D> binding) {
        Objects.requireNonNull(binding, "binding");
        synchronized (lock) {
            if (!all.contains(binding)) {
                return false;
            }
            forget(binding);
            unlink(binding);
            size = all.size();
            return true;
        }
    }

    @Override
    public final int removeDestination(D destination) {
        synchronized (lock) {
            Set<Binding<D>> bound = byDestination.get(destination);
            if (bound == null) {
                return 0;
            }
            List<Binding<D>> removed = new ArrayList<>(bound);
            for (Binding<D> binding : removed) {
                forget(binding);
            }
            unlinkAll(removed);
            size = all.size();
            return removed.size();
        }
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final List<Binding<D>> bindings() {
        synchronized (lock) {
            return List.copyOf(all);
        }
    }

    @Override
    public final List<Binding<D>> bindingsFor(D destination) {
        synchronized (lock) {
            Set<Binding<D>> bound = byDestination.get(destination);
            return bound == null ? List.of() : List.copyOf(bound);
        }
    }

    /**
     * How many bindings {@code destination} has under {@code routingKey} (whatever their
     * arguments). Only for use from {@link #link}/{@link #unlink}/{@link #unlinkAll}.
     */
    protected final int bindingCount(D destination, String routingKey) {
        Map<String, Integer> counts = keyCounts.get(destination);
        return counts == null ? 0 : counts.getOrDefault(routingKey, 0);
    }

    /**
     * How many bindings {@code destination} has in this table. Only for use from
     * {@link #link}/{@link #unlink}/{@link #unlinkAll}.
     */
    protected final int bindingCount(D destination) {
        Set<Binding<D>> bound = byDestination.get(destination);
        return bound == null ? 0 : bound.size();
    }

    private void forget(Binding<D> binding) {
        all.remove(binding);
        D destination = binding.destination();
        Set<Binding<D>> bound = byDestination.get(destination);
        if (bound != null && bound.remove(binding) && bound.isEmpty()) {
            byDestination.remove(destination);
        }
        Map<String, Integer> counts = keyCounts.get(destination);
        if (counts != null) {
            counts.computeIfPresent(binding.routingKey(), (key, count) -> count == 1 ? null : count - 1);
            if (counts.isEmpty()) {
                keyCounts.remove(destination);
            }
        }
    }
}
