package io.warren.broker.vhost;

import io.warren.broker.queue.QueueResources;
import io.warren.routing.ExchangeTypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The broker's virtual hosts by name. */
public final class VirtualHostRegistry {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final ExchangeTypeRegistry exchangeTypes;
    private final Supplier<Executor> queueExecutors;
    private final QueueResources queueResources;
    private final DefinitionChanges changes;
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();

    /**
     * @param queueExecutors hands out the thread each new queue starts on (round-robin over the
     *     broker's event loops; a queue later moves to its first consumer's loop)
     */
    public VirtualHostRegistry(ExchangeTypeRegistry exchangeTypes, Supplier<Executor> queueExecutors,
                               QueueResources queueResources, DefinitionChanges changes) {
        this.exchangeTypes = exchangeTypes;
        this.queueExecutors = queueExecutors;
        this.queueResources = queueResources;
        this.changes = changes;
    }

    public Optional<VirtualHost> get(String name) {
        return Optional.ofNullable(vhosts.get(name));
    }

    public List<VirtualHost> all() {
        return new ArrayList<>(vhosts.values());
    }

    /** Creates the virtual host if it does not exist; returns it either way. */
    public VirtualHost create(String name) {
        return vhosts.computeIfAbsent(name, n -> {
            VirtualHost vhost = new VirtualHost(n, exchangeTypes, queueExecutors, queueResources, changes);
            changes.vhostAdded(n);
            return vhost;
        });
    }

    /** Deletes the virtual host with everything in it; false if there was none. */
    public boolean delete(String name) {
        VirtualHost removed = vhosts.remove(name);
        if (removed != null) {
            removed.deleteAll();
            deletionListeners.forEach(listener -> listener.accept(name));
            changes.vhostRemoved(name);
        }
        return removed != null;
    }

    /** Runs {@code listener} with the name of each deleted virtual host, so what else lives in it (policies) goes too. */
    public void onDelete(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    public ExchangeTypeRegistry exchangeTypes() {
        return exchangeTypes;
    }
}
