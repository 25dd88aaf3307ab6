package io.warren.broker.definitions;

import static io.warren.broker.definitions.DefinitionCodec.EXCHANGE;
import static io.warren.broker.definitions.DefinitionCodec.PERMISSION;
import static io.warren.broker.definitions.DefinitionCodec.POLICY;
import static io.warren.broker.definitions.DefinitionCodec.QUEUE;
import static io.warren.broker.definitions.DefinitionCodec.USER;
import static io.warren.broker.definitions.DefinitionCodec.VHOST;
import static io.warren.broker.definitions.DefinitionCodec.encode;
import static io.warren.broker.definitions.DefinitionCodec.key;

import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.DefinitionChanges;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.routing.Binding;
import io.warren.store.MetadataStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the durable definitions in the metadata store as they change. What is durable follows
 * RabbitMQ: virtual hosts, users, permissions and policies always; exchanges and queues declared durable
 * (exclusive queues never are); a binding when both its ends are durable.
 *
 * <p>Changes are recorded at once and become durable with the next group commit; whoever must not
 * answer a client before that waits on {@link #synced()}.
 */
public final class DefinitionsJournal implements DefinitionChanges, UserStore.Changes, PolicyStore.Changes {
    private final MetadataStore store;
    private volatile boolean recording;

    public DefinitionsJournal(MetadataStore store) {
        this.store = store;
    }

    /** Starts recording, once recovery has rebuilt what the store already holds. */
    public void startRecording() {
        recording = true;
    }

    /** Completes once every change recorded so far is on disk. */
    public CompletableFuture<Void> synced() {
        return store.sync();
    }

    // ---- virtual hosts, exchanges, queues, bindings ------------------------------------------------

    @Override
    public void vhostAdded(String vhost) {
        put(key(VHOST, vhost), Map.of("name", vhost));
    }

    @Override
    public void vhostRemoved(String vhost) {
        remove(key(VHOST, vhost));
    }

    @Override
    public void exchangeAdded(Exchange exchange) {
        if (exchange.isDurable()) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("vhost", exchange.vhost());
            table.put("name", exchange.name());
            table.put("type", exchange.type().name());
            table.put("auto_delete", exchange.isAutoDelete());
            table.put("internal", exchange.isInternal());
            table.put("arguments", exchange.arguments());
            put(key(EXCHANGE, exchange.vhost(), exchange.name()), table);
        }
    }

    @Override
    public void exchangeRemoved(Exchange exchange) {
        if (exchange.isDurable()) {
            remove(key(EXCHANGE, exchange.vhost(), exchange.name()));
        }
    }

    @Override
    public void queueAdded(MessageQueue queue) {
        if (queue.settings().durable()) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("vhost", queue.vhost());
            table.put("name", queue.name());
            table.put("auto_delete", queue.settings().autoDelete());
            table.put("arguments", queue.settings().arguments());
            put(key(QUEUE, queue.vhost(), queue.name()), table);
        }
    }

    @Override
    public void queueRemoved(MessageQueue queue) {
        if (queue.settings().durable()) {
            remove(key(QUEUE, queue.vhost(), queue.name()));
        }
    }

    @Override
    public void bindingAdded(Exchange source, Binding<Destination> binding) {
        if (isDurable(source, binding.destination())) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("vhost", source.vhost());
            table.put("source", source.name());
            table.put("destination_type", destinationType(binding.destination()));
            table.put("destination", binding.destination().name());
            table.put("routing_key", binding.routingKey());
            table.put("arguments", binding.arguments());
            put(bindingKey(source, binding), table);
        }
    }

    @Override
    public void bindingRemoved(Exchange source, Binding<Destination> binding) {
        if (isDurable(source, binding.destination())) {
            remove(bindingKey(source, binding));
        }
    }

    private static MetadataStore.Key bindingKey(Exchange source, Binding<Destination> binding) {
        return DefinitionCodec.bindingKey(source.vhost(), source.name(), destinationType(binding.destination()),
                binding.destination().name(), binding.routingKey(), binding.arguments());
    }

    private static boolean isDurable(Exchange source, Destination destination) {
        boolean destinationDurable = destination instanceof Destination.ToQueue q
                ? q.queue().settings().durable()
                : ((Destination.ToExchange) destination).exchange().isDurable();
        return source.isDurable() && destinationDurable;
    }

    static String destinationType(Destination destination) {
        return destination instanceof Destination.ToQueue ? "queue" : "exchange";
    }

    // ---- users and permissions -----------------------------------------------------------------

    @Override
    public void userPut(User user) {
        put(key(USER, user.name()), Map.of("name", user.name(), "password_hash", user.passwordHash(),
                "tags", List.copyOf(user.tags())));
    }

    @Override
    public void userRemoved(String name) {
        remove(key(USER, name));
    }

    @Override
    public void permissionSet(String user, String vhost, Permission permission) {
        put(key(PERMISSION, user, vhost), Map.of("user", user, "vhost", vhost, "configure", permission.configure(),
                "write", permission.write(), "read", permission.read()));
    }

    @Override
    public void permissionCleared(String user, String vhost) {
        remove(key(PERMISSION, user, vhost));
    }

    // ---- policies ------------------------------------------------------------------------------

    @Override
    public void policyPut(Policy policy) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("vhost", policy.vhost());
        table.put("name", policy.name());
        table.put("pattern", policy.pattern());
        table.put("apply-to", policy.applyTo().wireName());
        table.put("priority", policy.priority());
        table.put("definition", policy.definition());
        put(key(POLICY, policy.vhost(), policy.name()), table);
    }

    @Override
    public void policyRemoved(String vhost, String name) {
        remove(key(POLICY, vhost, name));
    }

    private void put(MetadataStore.Key key, Map<String, ?> table) {
        if (recording) {
            store.put(key, encode(table));
        }
    }

    private void remove(MetadataStore.Key key) {
        if (recording) {
            store.remove(key);
        }
    }
}
