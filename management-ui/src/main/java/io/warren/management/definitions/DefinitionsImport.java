package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.security.User;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a definitions file in RabbitMQ's format ({@code POST /api/definitions}), all or nothing:
 * the whole file is read and checked first ({@link ImportPlan}); if any entry is malformed or is
 * something Warren cannot take yet (a queue with {@code x-message-ttl}, a federation upstream),
 * nothing is changed and the refusal lists every such entry. A partial import would leave an
 * operator with a broker that silently differs from the file, and RabbitMQ's own import, which stops
 * at the first error, offers no partial semantics worth copying.
 *
 * <p>Then it applies, parents before children: vhosts, users, permissions, policies, exchanges
 * (all of them before any binding, so exchange-to-exchange bindings find both ends), queues,
 * bindings. As in RabbitMQ, users, permissions and policies in the file replace the broker's, while
 * an exchange or queue that already exists is left as it is; so importing the same file again
 * changes nothing. Durable objects reach the definitions journal through the usual listeners;
 * {@link Result#synced()} completes once they are on disk.
 */
public final class DefinitionsImport {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsImport.class);

    private DefinitionsImport() {
    }

    /**
     * What an import did: per kind (vhosts, users, ...) how many objects it created or changed,
     * how many were already as the file says, and what it skipped as RabbitMQ skips it.
     */
    public record Result(Map<String, Integer> changed, Map<String, Integer> unchanged, List<String> skipped,
                         CompletableFuture<Void> synced) {
        public int totalChanged() {
            return changed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Imports {@code definitions} into the broker, or into virtual host {@code vhost} (which must
     * exist) as a one-vhost file.
     *
     * @throws DefinitionsException when the file is refused; then nothing was changed
     */
    public static Result apply(BrokerServices services, JsonNode definitions, Optional<String> vhost)
            throws DefinitionsException {
        ImportPlan plan = ImportPlan.read(services, definitions, vhost);
        Counts counts = new Counts();
        List<String> failed = new ArrayList<>();
        plan.vhosts.forEach(v -> counts.add("vhosts", services.vhosts().get(v.name()).isEmpty()
                && services.vhosts().create(v.name()) != null));
        for (User user : plan.users) {
            boolean same = services.users().user(user.name()).map(user::equals).orElse(false);
            if (!same) {
                services.users().putUser(user);
            }
            counts.add("users", !same);
        }
        for (ImportPlan.PermissionDef p : plan.permissions) {
            boolean same = services.users().permission(p.user(), p.vhost()).map(p.permission()::equals).orElse(false);
            if (!same) {
                services.users().setPermission(p.user(), p.vhost(), p.permission());
            }
            counts.add("permissions", !same);
        }
        for (Policy policy : plan.policies) {
            counts.add("policies", services.policies().put(policy) != PolicyStore.PutResult.UNCHANGED);
        }
        for (ImportPlan.ExchangeDef x : plan.exchanges) {
            VirtualHost v = vhost(services, x.vhost());
            boolean create = v.exchange(x.name()) == null;
            if (create) {
                attempt(failed, "exchange '" + x.name() + "' in vhost '" + x.vhost() + "'", () -> v.declareExchange(
                        x.name(), x.type().name(), false, x.durable(), x.autoDelete(), x.internal(), x.arguments()));
            }
            counts.add("exchanges", create);
        }
        for (ImportPlan.QueueDef q : plan.queues) {
            VirtualHost v = vhost(services, q.vhost());
            boolean create = v.queue(q.name()) == null;
            if (create) {
                attempt(failed, "queue '" + q.name() + "' in vhost '" + q.vhost() + "'", () -> v.declareQueue(
                        q.name(), false, new QueueSettings(q.durable(), q.autoDelete(), null, q.arguments()), null));
            }
            counts.add("queues", create);
        }
        for (ImportPlan.BindingDef b : plan.bindings) {
            VirtualHost v = vhost(services, b.vhost());
            boolean[] added = new boolean[1];
            attempt(failed, "binding from '" + b.source() + "' to '" + b.destination() + "' in vhost '" + b.vhost() + "'",
                    () -> added[0] = v.bind(v.requireExchange(b.source()), destination(v, b), b.routingKey(),
                            b.arguments()));
            counts.add("bindings", added[0]);
        }
        CompletableFuture<Void> synced = services.definitions() == null
                ? CompletableFuture.completedFuture(null) : services.definitions().synced();
        Result result = new Result(counts.changed, counts.unchanged, List.copyOf(plan.skipped), synced);
        log.info("definitions imported{}: changed {}, already as in the file {}{}",
                vhost.map(v -> " into vhost '" + v + "'").orElse(""), result.changed(), result.unchanged(),
                plan.skipped.isEmpty() ? "" : "; skipped as RabbitMQ skips them: " + plan.skipped);
        if (!failed.isEmpty()) {
            // Only a race with a client changing the same objects can get here: the plan checked everything.
            throw new DefinitionsException("definitions partly imported; these changed under the import", failed);
        }
        return result;
    }

    private static void attempt(List<String> failed, String what, Runnable change) {
        try {
            change.run();
        } catch (AmqpException e) {
            failed.add(what + ": " + e.replyText());
        }
    }

    private static VirtualHost vhost(BrokerServices services, String name) {
        return services.vhosts().get(name).orElseGet(() -> services.vhosts().create(name));
    }

    private static Destination destination(VirtualHost vhost, ImportPlan.BindingDef b) {
        if (b.toQueue()) {
            MessageQueue queue = vhost.requireQueue(b.destination(), null);
            return new Destination.ToQueue(queue);
        }
        Exchange exchange = vhost.requireExchange(b.destination());
        return new Destination.ToExchange(exchange);
    }

    private static final class Counts {
        final Map<String, Integer> changed = new LinkedHashMap<>();
        final Map<String, Integer> unchanged = new LinkedHashMap<>();

        void add(String kind, boolean didChange) {
            changed.merge(kind, didChange ? 1 : 0, Integer::sum);
            unchanged.merge(kind, didChange ? 0 : 1, Integer::sum);
        }
    }
}
