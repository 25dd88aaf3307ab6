package io.warren.management.definitions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warren.broker.BrokerServices;
import io.warren.broker.BrokerVersion;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.PasswordHashing;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's definitions in RabbitMQ 3.x's format ({@code GET /api/definitions}), so that
 * RabbitMQ imports them: users with their salted SHA-256 hashes (RabbitMQ's own scheme, so the
 * passwords keep working there), virtual hosts, permissions, policies, and the queues, exchanges and
 * bindings a client could declare again. As RabbitMQ, it leaves out exclusive queues, the default
 * and {@code amq.*} exchanges, and bindings from the default exchange. One virtual host's export
 * ({@code GET /api/definitions/{vhost}}) holds only its policies, queues, exchanges and bindings,
 * and (as RabbitMQ 3.10's) leaves out the {@code vhost} fields of all but the policies; it can be
 * imported into another virtual host.
 *
 * <p>{@code rabbit_version} and {@code rabbitmq_version} name the RabbitMQ version whose format this
 * is (importers branch on it, e.g. for the hashing algorithm of users without one);
 * {@code product_name} and {@code product_version} say it came from Warren.
 */
public final class DefinitionsExport {
    /** The RabbitMQ release whose definitions format Warren writes and reads. */
    public static final String FORMAT_VERSION = "3.10.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DefinitionsExport() {
    }

    /** The whole broker's definitions, or one virtual host's when {@code vhost} is given (it must exist). */
    public static ObjectNode export(BrokerServices services, Optional<String> vhost) {
        ObjectNode root = NODES.objectNode();
        List<VirtualHost> vhosts = new ArrayList<>();
        if (vhost.isPresent()) {
            services.vhosts().get(vhost.get()).ifPresent(vhosts::add);
            root.put("rabbit_version", FORMAT_VERSION);
        } else {
            vhosts.addAll(services.vhosts().all());
            root.put("rabbit_version", FORMAT_VERSION);
            root.put("rabbitmq_version", FORMAT_VERSION);
            root.put("product_name", "Warren");
            root.put("product_version", BrokerVersion.get());
            root.set("users", users(services.users()));
            root.set("vhosts", vhostNames(vhosts));
            root.set("permissions", permissions(services.users()));
            root.set("topic_permissions", NODES.arrayNode());
            root.set("parameters", NODES.arrayNode());
            root.set("global_parameters", NODES.arrayNode());
        }
        if (vhost.isPresent()) {
            root.set("parameters", NODES.arrayNode());
        }
        vhosts.sort(Comparator.comparing(VirtualHost::name));
        boolean withVhost = vhost.isEmpty();
        root.set("policies", policies(services, vhosts));
        ArrayNode queues = NODES.arrayNode();
        ArrayNode exchanges = NODES.arrayNode();
        ArrayNode bindings = NODES.arrayNode();
        for (VirtualHost v : vhosts) {
            Set<MessageQueue> exported = queues(v, queues, withVhost);
            exchanges(v, exchanges, withVhost);
            bindings(v, exported, bindings, withVhost);
        }
        root.set("queues", queues);
        root.set("exchanges", exchanges);
        root.set("bindings", bindings);
        return root;
    }

    private static ArrayNode users(UserStore store) {
        ArrayNode users = NODES.arrayNode();
        List<User> all = store.users();
        all.sort(Comparator.comparing(User::name));
        for (User user : all) {
            ObjectNode u = users.addObject();
            u.put("name", user.name());
            u.put("password_hash", user.passwordHash());
            u.put("hashing_algorithm", PasswordHashing.ALGORITHM);
            ArrayNode tags = u.putArray("tags");
            user.tags().stream().sorted().forEach(tags::add);
            u.putObject("limits");
        }
        return users;
    }

    private static ArrayNode vhostNames(List<VirtualHost> vhosts) {
        ArrayNode array = NODES.arrayNode();
        vhosts.stream().map(VirtualHost::name).sorted().forEach(name -> array.addObject().put("name", name));
        return array;
    }

    private static ArrayNode permissions(UserStore store) {
        ArrayNode array = NODES.arrayNode();
        List<UserStore.UserPermission> all = new ArrayList<>(store.permissions());
        all.sort(Comparator.comparing(UserStore.UserPermission::user).thenComparing(UserStore.UserPermission::vhost));
        for (UserStore.UserPermission p : all) {
            ObjectNode o = array.addObject();
            o.put("user", p.user());
            o.put("vhost", p.vhost());
            o.put("configure", p.permission().configure());
            o.put("write", p.permission().write());
            o.put("read", p.permission().read());
        }
        return array;
    }

    /** With their vhost even in a one-vhost export, as RabbitMQ 3.10 writes them (importers ignore it there). */
    private static ArrayNode policies(BrokerServices services, List<VirtualHost> vhosts) {
        ArrayNode array = NODES.arrayNode();
        for (VirtualHost v : vhosts) {
            services.policies().list(v.name()).forEach(policy -> array.add(JsonValues.toJson(policy.toMap())));
        }
        return array;
    }

    private static Set<MessageQueue> queues(VirtualHost vhost, ArrayNode out, boolean withVhost) {
        Set<MessageQueue> exported = new HashSet<>();
        List<MessageQueue> queues = new ArrayList<>(vhost.queues());
        queues.sort(Comparator.comparing(MessageQueue::name));
        for (MessageQueue queue : queues) {
            // Exclusive queues die with their connection, so no one could declare them from a file.
            if (queue.isDeleted() || queue.settings().isExclusive()) {
                continue;
            }
            exported.add(queue);
            ObjectNode o = out.addObject();
            o.put("name", queue.name());
            if (withVhost) {
                o.put("vhost", vhost.name());
            }
            o.put("durable", queue.settings().durable());
            o.put("auto_delete", queue.settings().autoDelete());
            o.set("arguments", JsonValues.toJson(queue.settings().arguments()));
        }
        return exported;
    }

    private static void exchanges(VirtualHost vhost, ArrayNode out, boolean withVhost) {
        List<Exchange> exchanges = new ArrayList<>(vhost.exchanges());
        exchanges.sort(Comparator.comparing(Exchange::name));
        for (Exchange exchange : exchanges) {
            if (!isExported(exchange)) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("name", exchange.name());
            if (withVhost) {
                o.put("vhost", vhost.name());
            }
            o.put("type", exchange.type().name());
            o.put("durable", exchange.isDurable());
            o.put("auto_delete", exchange.isAutoDelete());
            o.put("internal", exchange.isInternal());
            o.set("arguments", JsonValues.toJson(exchange.arguments()));
        }
    }

    /** RabbitMQ leaves out the default exchange and the {@code amq.*} ones, which every vhost has. */
    static boolean isExported(Exchange exchange) {
        return !exchange.isDeleted() && !exchange.isDefault() && !exchange.name().startsWith("amq.");
    }

    private static void bindings(VirtualHost vhost, Set<MessageQueue> exportedQueues, ArrayNode out,
                                 boolean withVhost) {
        List<VirtualHost.SourcedBinding> bindings = new ArrayList<>(vhost.bindings());
        bindings.sort(Comparator.comparing((VirtualHost.SourcedBinding b) -> b.source().name())
                .thenComparing(b -> b.binding().destination().name())
                .thenComparing(b -> b.binding().routingKey()));
        for (VirtualHost.SourcedBinding sourced : bindings) {
            Destination destination = sourced.binding().destination();
            boolean exported = !sourced.source().isDefault() && (destination instanceof Destination.ToQueue q
                    ? exportedQueues.contains(q.queue())
                    : !((Destination.ToExchange) destination).exchange().isDefault());
            if (!exported) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("source", sourced.source().name());
            if (withVhost) {
                o.put("vhost", vhost.name());
            }
            o.put("destination", destination.name());
            o.put("destination_type", destination instanceof Destination.ToQueue ? "queue" : "exchange");
            o.put("routing_key", sourced.binding().routingKey());
            o.set("arguments", JsonValues.toJson(sourced.binding().arguments()));
        }
    }
}
