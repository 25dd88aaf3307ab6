package io.warren.broker.definitions;

import io.warren.broker.policy.PolicyException;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.policy.PolicyValidator;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.broker.vhost.VirtualHostRegistry;
import io.warren.store.MetadataStore.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds users, virtual hosts, policies, exchanges, queues and bindings from the metadata store at start-up,
 * parents before children whatever order they were written in. A definition that can no longer be
 * restored (an exchange type whose plugin is gone, a binding whose queue is missing) is logged and
 * skipped; it never stops the broker.
 */
public final class DefinitionsRecovery {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsRecovery.class);
    private static final List<String> ORDER = List.of(DefinitionCodec.VHOST, DefinitionCodec.USER,
            DefinitionCodec.PERMISSION, DefinitionCodec.POLICY, DefinitionCodec.EXCHANGE, DefinitionCodec.QUEUE, DefinitionCodec.BINDING);

    private final UserStore users;
    private final VirtualHostRegistry vhosts;
    private final PolicyStore policies;
    private final Map<String, Integer> restored = new LinkedHashMap<>();
    private int skipped;

    private DefinitionsRecovery(UserStore users, VirtualHostRegistry vhosts, PolicyStore policies) {
        this.users = users;
        this.vhosts = vhosts;
        this.policies = policies;
    }

    /** What was restored, per kind, and how many definitions were skipped. */
    public record Summary(Map<String, Integer> restored, int skipped) {
        public boolean isEmpty() {
            return restored.values().stream().allMatch(n -> n == 0) && skipped == 0;
        }
    }

    public static Summary restore(Map<Key, byte[]> entries, UserStore users, VirtualHostRegistry vhosts) {
        return restore(entries, users, vhosts, new PolicyStore());
    }

    public static Summary restore(Map<Key, byte[]> entries, UserStore users, VirtualHostRegistry vhosts,
                                  PolicyStore policies) {
        return new DefinitionsRecovery(users, vhosts, policies).run(entries);
    }

    private Summary run(Map<Key, byte[]> entries) {
        ORDER.forEach(kind -> restored.put(kind, 0));
        for (String kind : ORDER) {
            for (Map.Entry<Key, byte[]> entry : entries.entrySet()) {
                if (entry.getKey().kind().equals(kind)) {
                    restoreOne(kind, entry.getValue());
                }
            }
        }
        Set<String> unknown = new HashSet<>();
        entries.keySet().stream().map(Key::kind).filter(k -> !ORDER.contains(k)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            log.warn("ignoring definitions of unknown kinds {} (written by a newer Warren?)", unknown);
        }
        return new Summary(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(restored)), skipped);
    }

    private void restoreOne(String kind, byte[] value) {
        try {
            Map<String, Object> table = DefinitionCodec.decode(value);
            boolean ok = switch (kind) {
                case DefinitionCodec.VHOST -> restoreVhost(table);
                case DefinitionCodec.USER -> restoreUser(table);
                case DefinitionCodec.PERMISSION -> restorePermission(table);
                case DefinitionCodec.POLICY -> restorePolicy(table);
                case DefinitionCodec.EXCHANGE -> restoreExchange(table);
                case DefinitionCodec.QUEUE -> restoreQueue(table);
                default -> restoreBinding(table);
            };
            if (ok) {
                restored.merge(kind, 1, Integer::sum);
            } else {
                skipped++;
            }
        } catch (RuntimeException e) {
            log.warn("skipping a stored {} definition that cannot be read: {}", kind, e.toString());
            skipped++;
        }
    }

    private boolean restoreVhost(Map<String, Object> t) {
        vhosts.create(string(t, "name"));
        return true;
    }

    private boolean restoreUser(Map<String, Object> t) {
        List<String> tags = new ArrayList<>();
        for (Object tag : (List<?>) t.get("tags")) {
            tags.add((String) tag);
        }
        users.putUser(new User(string(t, "name"), string(t, "password_hash"), new HashSet<>(tags)));
        return true;
    }

    private boolean restorePermission(Map<String, Object> t) {
        users.setPermission(string(t, "user"), string(t, "vhost"),
                new Permission(string(t, "configure"), string(t, "write"), string(t, "read")));
        return true;
    }

    /** Validated again, so a policy stored by an older Warren is held to today's rules. */
    private boolean restorePolicy(Map<String, Object> t) {
        String vhost = string(t, "vhost");
        String name = string(t, "name");
        if (vhosts.get(vhost).isEmpty()) {
            log.warn("not restoring policy '{}': its vhost '{}' is gone", name, vhost);
            return false;
        }
        try {
            policies.put(PolicyValidator.validate(vhost, name, t.get("pattern"), t.get("definition"),
                    t.get("priority"), t.get("apply-to")));
            return true;
        } catch (PolicyException e) {
            log.warn("not restoring policy '{}' in vhost '{}': {}", name, vhost, e.getMessage().strip());
            return false;
        }
    }

    private boolean restoreExchange(Map<String, Object> t) {
        VirtualHost vhost = vhost(t, "exchange " + string(t, "name"));
        String type = string(t, "type");
        if (vhost == null) {
            return false;
        }
        if (vhosts.exchangeTypes().find(type).isEmpty()) {
            log.warn("not restoring exchange '{}' in vhost '{}': exchange type '{}' is not available",
                    string(t, "name"), vhost.name(), type);
            return false;
        }
        vhost.declareExchange(string(t, "name"), type, false, true, (Boolean) t.get("auto_delete"),
                (Boolean) t.get("internal"), table(t, "arguments"));
        return true;
    }

    private boolean restoreQueue(Map<String, Object> t) {
        VirtualHost vhost = vhost(t, "queue " + string(t, "name"));
        if (vhost == null) {
            return false;
        }
        vhost.declareQueue(string(t, "name"), false,
                new QueueSettings(true, (Boolean) t.get("auto_delete"), null, table(t, "arguments")), null);
        return true;
    }

    private boolean restoreBinding(Map<String, Object> t) {
        String description = "binding from '" + string(t, "source") + "' to " + string(t, "destination_type")
                + " '" + string(t, "destination") + "'";
        VirtualHost vhost = vhost(t, description);
        if (vhost == null) {
            return false;
        }
        Exchange source = vhost.exchange(string(t, "source"));
        Destination destination = "queue".equals(t.get("destination_type"))
                ? queue(vhost, string(t, "destination")) : exchange(vhost, string(t, "destination"));
        if (source == null || destination == null) {
            log.warn("not restoring {} in vhost '{}': one of its ends is missing", description, vhost.name());
            return false;
        }
        vhost.bind(source, destination, string(t, "routing_key"), table(t, "arguments"));
        return true;
    }

    private static Destination queue(VirtualHost vhost, String name) {
        var queue = vhost.queue(name);
        return queue == null ? null : new Destination.ToQueue(queue);
    }

    private static Destination exchange(VirtualHost vhost, String name) {
        Exchange exchange = vhost.exchange(name);
        return exchange == null ? null : new Destination.ToExchange(exchange);
    }

    private VirtualHost vhost(Map<String, Object> t, String what) {
        VirtualHost vhost = vhosts.get(string(t, "vhost")).orElse(null);
        if (vhost == null) {
            log.warn("not restoring {}: its vhost '{}' is gone", what, string(t, "vhost"));
        }
        return vhost;
    }

    private static String string(Map<String, Object> t, String field) {
        Object value = t.get(field);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("field '" + field + "' missing");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(Map<String, Object> t, String field) {
        Object value = t.get(field);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
