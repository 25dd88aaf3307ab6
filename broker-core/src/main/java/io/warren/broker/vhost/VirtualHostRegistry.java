package io.warren.broker.vhost;

import io.warren.broker.queue.QueueResources;
import io.warren.routing.ExchangeTypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The broker's virtual hosts by name. */
public final class VirtualHostRegistry {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final ExchangeTypeRegistry exchangeTypes;
    private final Supplier<Executor> queueExecutors;
    private final QueueResources queueResources;
    private final DefinitionChanges changes;

    /**
     * @param queueExecutors hands out the thread each new queue will live on (round-robin over the
     *     broker's event loops)
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
            changes.vhostRemoved(name);
        }
        return removed != null;
    }

    public ExchangeTypeRegistry exchangeTypes() {
        return exchangeTypes;
    }
}
