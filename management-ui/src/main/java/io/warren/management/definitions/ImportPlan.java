package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.Resource;
import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyException;
import io.warren.broker.policy.PolicyValidator;
import io.warren.broker.security.PasswordHashing;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.QueueArguments;
import io.warren.broker.vhost.VirtualHost;
import io.warren.routing.ExchangeType;
import io.warren.routing.InvalidBindingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A definitions file read and checked against the broker before anything is changed: every entry
 * well-formed, every reference resolvable (a permission's user and vhost, a binding's ends, in the
 * file or in the broker), and nothing Warren cannot take (a queue argument it does not implement,
 * runtime parameters, topic permissions, limits, password hashes of another algorithm). Every
 * problem is collected, so the refusal lists them all.
 *
 * <p>What RabbitMQ skips with a warning on import, this skips too: queues and exchanges whose names
 * start with {@code amq.}, and the default exchange.
 */
final class ImportPlan {
    record VhostDef(String name) {
    }

    record PermissionDef(String user, String vhost, Permission permission) {
    }

    record ExchangeDef(String vhost, String name, ExchangeType type, boolean durable, boolean autoDelete,
                       boolean internal, Map<String, Object> arguments) {
    }

    record QueueDef(String vhost, String name, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
    }

    record BindingDef(String vhost, String source, boolean toQueue, String destination, String routingKey,
                      Map<String, Object> arguments) {
    }

    /** The standard exchanges every vhost has, by type, as VirtualHost declares them. */
    private static final Map<String, String> STANDARD_EXCHANGES = Map.of("amq.direct", "direct",
            "amq.fanout", "fanout", "amq.topic", "topic", "amq.headers", "headers", "amq.match", "headers");

    final List<VhostDef> vhosts = new ArrayList<>();
    final List<User> users = new ArrayList<>();
    final List<PermissionDef> permissions = new ArrayList<>();
    final List<Policy> policies = new ArrayList<>();
    final List<ExchangeDef> exchanges = new ArrayList<>();
    final List<QueueDef> queues = new ArrayList<>();
    final List<BindingDef> bindings = new ArrayList<>();
    /** Entries left out as RabbitMQ leaves them out, for the log. */
    final List<String> skipped = new ArrayList<>();

    private final BrokerServices services;
    /** Set for a one-vhost import: every object goes there, whatever its own vhost field says. */
    private final Optional<String> targetVhost;
    private final List<String> malformed = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final Set<String> fileVhosts = new HashSet<>();
    private final Set<String> fileUsers = new HashSet<>();
    private final Map<List<String>, ExchangeType> fileExchanges = new HashMap<>();
    private final Set<List<String>> fileQueues = new HashSet<>();

    private ImportPlan(BrokerServices services, Optional<String> targetVhost) {
        this.services = services;
        this.targetVhost = targetVhost;
    }

    /**
     * Reads {@code root}; with {@code targetVhost}, as a one-vhost file (only policies, queues,
     * exchanges and bindings count, as in RabbitMQ).
     *
     * @throws DefinitionsException listing every malformed entry, or else everything Warren cannot take
     */
    static ImportPlan read(BrokerServices services, JsonNode root, Optional<String> targetVhost)
            throws DefinitionsException {
        if (root == null || !root.isObject()) {
            throw new DefinitionsException("failed_to_parse_json");
        }
        ImportPlan plan = new ImportPlan(services, targetVhost);
        if (targetVhost.isEmpty()) {
            plan.each(root, "vhosts", plan::readVhost);
            plan.each(root, "users", plan::readUser);
            plan.each(root, "permissions", plan::readPermission);
            plan.each(root, "topic_permissions", plan::readTopicPermission);
            plan.each(root, "global_parameters", plan::readGlobalParameter);
        }
        plan.each(root, "parameters", plan::readParameter);
        plan.each(root, "policies", plan::readPolicy);
        plan.each(root, "exchanges", plan::readExchange);
        plan.each(root, "queues", plan::readQueue);
        plan.each(root, "bindings", plan::readBinding);
        if (!plan.malformed.isEmpty()) {
            throw new DefinitionsException("malformed definitions, nothing was imported", plan.malformed);
        }
        if (!plan.refused.isEmpty()) {
            throw new DefinitionsException("Warren cannot import these definitions yet, nothing was imported",
                    plan.refused);
        }
        return plan;
    }

    @FunctionalInterface
    private interface EntryReader {
        void read(JsonNode entry, String where);
    }

    private void each(JsonNode root, String category, EntryReader reader) {
        JsonNode list = root.get(category);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            malformed.add("'" + category + "' must be a list");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = category + "[" + i + "]";
            if (!entry.isObject()) {
                malformed.add(where + " must be an object");
                continue;
            }
            reader.read(entry, where);
        }
    }

    // ---- vhosts, users, permissions -------------------------------------------------------------

    private void readVhost(JsonNode v, String where) {
        String name = text(v, "name", where);
        if (name != null) {
            if (nonEmpty(v.get("limits"))) {
                refused.add("vhost '" + name + "': limits " + v.get("limits") + " (Warren has no vhost limits yet)");
            }
            vhosts.add(new VhostDef(name));
            fileVhosts.add(name);
        }
    }

    private void readUser(JsonNode u, String where) {
        String name = text(u, "name", where);
        if (name == null) {
            return;
        }
        String what = "user '" + name + "'";
        List<String> tags = tags(u.get("tags"), what);
        String hash = passwordHash(u, what);
        if (nonEmpty(u.get("limits"))) {
            refused.add(what + ": limits " + u.get("limits") + " (Warren has no user limits yet)");
        }
        if (tags != null && hash != null) {
            users.add(new User(name, hash, new LinkedHashSet<>(tags)));
            fileUsers.add(name);
        }
    }

    /** RabbitMQ 3.x writes tags as a list; older files as one comma-separated string. */
    private List<String> tags(JsonNode tags, String what) {
        List<String> result = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return result;
        }
        if (tags.isTextual()) {
            for (String tag : tags.textValue().split(",")) {
                if (!tag.isBlank()) {
                    result.add(tag.strip());
                }
            }
            return result;
        }
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                if (!tag.isTextual()) {
                    malformed.add(what + ": tags must be strings, not " + tag);
                    return null;
                }
                result.add(tag.textValue());
            }
            return result;
        }
        malformed.add(what + ": tags must be a list or a comma-separated string, not " + tags);
        return null;
    }

    private String passwordHash(JsonNode u, String what) {
        JsonNode algorithm = u.get("hashing_algorithm");
        JsonNode hash = u.get("password_hash");
        JsonNode password = u.get("password");
        if (hash != null && !hash.isNull()) {
            if (!hash.isTextual()) {
                malformed.add(what + ": password_hash must be a string");
                return null;
            }
            if (algorithm != null && !algorithm.isNull()
                    && !PasswordHashing.ALGORITHM.equals(algorithm.asText())) {
                refused.add(what + ": hashing_algorithm " + algorithm + " (Warren verifies "
                        + PasswordHashing.ALGORITHM + " hashes only)");
                return null;
            }
            String text = hash.textValue();
            if (!text.isEmpty() && !PasswordHashing.isWellFormed(text)) {
                malformed.add(what + ": password_hash is not a " + PasswordHashing.ALGORITHM + " hash");
                return null;
            }
            return text; // empty: a user who cannot log in with a password, as in RabbitMQ
        }
        if (password != null && password.isTextual()) {
            return PasswordHashing.hash(password.textValue());
        }
        // RabbitMQ gives such a user a random password: it exists, but cannot log in with one.
        return PasswordHashing.hash(java.util.UUID.randomUUID().toString());
    }

    private void readPermission(JsonNode p, String where) {
        String user = text(p, "user", where);
        String vhost = text(p, "vhost", where);
        String configure = text(p, "configure", where);
        String write = text(p, "write", where);
        String read = text(p, "read", where);
        if (user == null || vhost == null || configure == null || write == null || read == null) {
            return;
        }
        String what = "permission of user '" + user + "' in vhost '" + vhost + "'";
        boolean ok = requireUser(user, what) & requireVhost(vhost, what);
        for (String regex : List.of(configure, write, read)) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                malformed.add(what + ": invalid regular expression '" + regex + "'");
                ok = false;
            }
        }
        if (ok) {
            permissions.add(new PermissionDef(user, vhost, new Permission(configure, write, read)));
        }
    }

    private void readTopicPermission(JsonNode p, String where) {
        refused.add("topic permission of user '" + p.path("user").asText() + "' in vhost '"
                + p.path("vhost").asText() + "' (Warren has no topic permissions yet)");
    }

    // ---- parameters and policies ----------------------------------------------------------------

    private void readGlobalParameter(JsonNode p, String where) {
        String name = p.path("name").asText();
        // Identity and naming of the RabbitMQ cluster the file came from: nothing to carry over.
        if (name.equals("cluster_name") || name.startsWith("internal")) {
            skipped.add("global parameter '" + name + "'");
            return;
        }
        refused.add("global parameter '" + name + "' (Warren has no global runtime parameters)");
    }

    private void readParameter(JsonNode p, String where) {
        refused.add("runtime parameter '" + p.path("name").asText() + "' of component '"
                + p.path("component").asText() + "' in vhost '" + vhostOf(p) + "' (Warren has no runtime"
                + " parameters yet: no federation, shovels or vhost limits)");
    }

    private void readPolicy(JsonNode p, String where) {
        String name = text(p, "name", where);
        String vhost = vhostOf(p);
        if (name == null || vhost == null) {
            return;
        }
        String what = "policy '" + name + "' in vhost '" + vhost + "'";
        if (!requireVhost(vhost, what)) {
            return;
        }
        try {
            policies.add(PolicyValidator.validate(vhost, name, JsonValues.toJava(p.get("pattern")),
                    JsonValues.toJava(p.get("definition")), optional(p, "priority"), optional(p, "apply-to")));
        } catch (PolicyException e) {
            malformed.add(what + ": " + e.getMessage().strip().replace("\n\n", ": ").replace("\n", "; "));
        }
    }

    /** Absent means RabbitMQ's default; an explicit null is refused, as RabbitMQ refuses it. */
    private static Object optional(JsonNode entry, String field) {
        return entry.has(field) ? JsonValues.toJava(entry.get(field)) : PolicyValidator.ABSENT;
    }

    // ---- exchanges, queues, bindings ------------------------------------------------------------

    private void readExchange(JsonNode x, String where) {
        String name = text(x, "name", where);
        String vhost = vhostOf(x);
        String typeName = text(x, "type", where);
        if (name == null || vhost == null || typeName == null) {
            return;
        }
        Resource resource = Resource.exchange(vhost, name);
        if (name.isEmpty() || name.startsWith("amq.")) {
            skipped.add(resource + " (reserved name)");
            return;
        }
        if (!requireVhost(vhost, resource.toString())) {
            return;
        }
        Optional<ExchangeType> type = services.vhosts().exchangeTypes().find(typeName);
        if (type.isEmpty()) {
            refused.add(resource + ": unknown exchange type '" + typeName + "'");
            return;
        }
        Map<String, Object> arguments = arguments(x, resource.toString());
        if (arguments == null) {
            return;
        }
        Object alternate = arguments.get(Exchange.ALTERNATE_EXCHANGE_ARG);
        if (alternate != null && !(alternate instanceof String)) {
            malformed.add(resource + ": arg '" + Exchange.ALTERNATE_EXCHANGE_ARG + "' must be a string");
            return;
        }
        exchanges.add(new ExchangeDef(vhost, name, type.get(), bool(x, "durable", true, where),
                bool(x, "auto_delete", false, where), bool(x, "internal", false, where), arguments));
        fileExchanges.put(List.of(vhost, name), type.get());
    }

    private void readQueue(JsonNode q, String where) {
        String name = text(q, "name", where);
        String vhost = vhostOf(q);
        if (name == null || vhost == null) {
            return;
        }
        Resource resource = Resource.queue(vhost, name);
        if (name.startsWith("amq.")) {
            skipped.add(resource + " (reserved name)");
            return;
        }
        if (!requireVhost(vhost, resource.toString())) {
            return;
        }
        Map<String, Object> arguments = arguments(q, resource.toString());
        if (arguments == null) {
            return;
        }
        if (queueExists(vhost, name)) {
            // RabbitMQ leaves an existing queue alone whatever the file says; only a new one is checked.
            queues.add(new QueueDef(vhost, name, true, false, arguments));
            fileQueues.add(List.of(vhost, name));
            return;
        }
        try {
            QueueArguments.validate(resource, arguments);
        } catch (AmqpException e) {
            refused.add(resource + ": " + e.getMessage());
            return;
        }
        queues.add(new QueueDef(vhost, name, bool(q, "durable", true, where), bool(q, "auto_delete", false, where),
                arguments));
        fileQueues.add(List.of(vhost, name));
    }

    private void readBinding(JsonNode b, String where) {
        String vhost = vhostOf(b);
        String source = text(b, "source", where);
        String destination = text(b, "destination", where);
        String destinationType = text(b, "destination_type", where);
        String routingKey = b.has("routing_key") ? text(b, "routing_key", where) : "";
        if (vhost == null || source == null || destination == null || destinationType == null || routingKey == null) {
            return;
        }
        String what = "binding from exchange '" + source + "' to " + destinationType + " '" + destination
                + "' in vhost '" + vhost + "'";
        if (!destinationType.equals("queue") && !destinationType.equals("exchange")) {
            malformed.add(what + ": destination_type must be 'queue' or 'exchange'");
            return;
        }
        if (!requireVhost(vhost, what)) {
            return;
        }
        Map<String, Object> arguments = arguments(b, what);
        if (arguments == null) {
            return;
        }
        if (source.isEmpty()) {
            malformed.add(what + ": operation not permitted on the default exchange");
            return;
        }
        ExchangeType sourceType = exchangeType(vhost, source);
        boolean toQueue = destinationType.equals("queue");
        boolean destinationKnown = toQueue ? queueKnown(vhost, destination)
                : !destination.isEmpty() && exchangeType(vhost, destination) != null;
        if (sourceType == null || !destinationKnown) {
            malformed.add(what + ": no " + (sourceType == null ? Resource.exchange(vhost, source)
                    : toQueue ? Resource.queue(vhost, destination) : Resource.exchange(vhost, destination))
                    + ", neither in the file nor in the broker");
            return;
        }
        try {
            sourceType.validateBinding(routingKey, arguments);
        } catch (InvalidBindingException e) {
            malformed.add(what + ": " + e.getMessage());
            return;
        }
        bindings.add(new BindingDef(vhost, source, toQueue, destination, routingKey, arguments));
    }

    // ---- lookups ---------------------------------------------------------------------------------

    private boolean requireVhost(String vhost, String what) {
        if (fileVhosts.contains(vhost) || services.vhosts().get(vhost).isPresent()) {
            return true;
        }
        // RabbitMQ's words for it.
        malformed.add(what + ": Please create virtual host \"" + vhost + "\" prior to importing definitions.");
        return false;
    }

    private boolean requireUser(String user, String what) {
        if (fileUsers.contains(user) || services.users().user(user).isPresent()) {
            return true;
        }
        malformed.add(what + ": no user '" + user + "', neither in the file nor in the broker");
        return false;
    }

    private ExchangeType exchangeType(String vhost, String name) {
        ExchangeType inFile = fileExchanges.get(List.of(vhost, name));
        if (inFile != null) {
            return inFile;
        }
        Optional<VirtualHost> existing = services.vhosts().get(vhost);
        Exchange exchange = existing.map(v -> v.exchange(name)).orElse(null);
        if (exchange != null) {
            return exchange.type();
        }
        String standard = STANDARD_EXCHANGES.get(name);
        return standard == null ? null : services.vhosts().exchangeTypes().find(standard).orElse(null);
    }

    private boolean queueKnown(String vhost, String name) {
        return fileQueues.contains(List.of(vhost, name)) || queueExists(vhost, name);
    }

    private boolean queueExists(String vhost, String name) {
        return services.vhosts().get(vhost).map(v -> v.queue(name) != null).orElse(false);
    }

    private String vhostOf(JsonNode entry) {
        if (targetVhost.isPresent()) {
            return targetVhost.get();
        }
        JsonNode vhost = entry.get("vhost");
        if (vhost == null || !vhost.isTextual()) {
            malformed.add(entry + ": 'vhost' must be a string");
            return null;
        }
        return vhost.textValue();
    }

    private String text(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            malformed.add(where + ": '" + field + "' must be a string");
            return null;
        }
        return value.textValue();
    }

    private boolean bool(JsonNode entry, String field, boolean absent, String where) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            malformed.add(where + ": '" + field + "' must be true or false");
            return absent;
        }
        return value.booleanValue();
    }

    private Map<String, Object> arguments(JsonNode entry, String what) {
        try {
            return JsonValues.toTable(entry.get("arguments"));
        } catch (JsonValues.UnsupportedValue e) {
            malformed.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean nonEmpty(JsonNode limits) {
        return limits != null && !limits.isNull() && limits.size() > 0;
    }
}
