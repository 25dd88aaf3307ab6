package io.warren.broker.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated policy of one virtual host: which queues or exchanges it covers ({@code pattern},
 * an unanchored regular expression over their names, and {@code applyTo}), how it ranks against
 * other policies that cover the same object ({@code priority}) and the keys it sets
 * ({@code definition}, JSON values: String, Long, Double, Boolean, List, Map, null).
 *
 * <p>Made only by {@link PolicyValidator}, so the pattern always compiles. The priority is a
 * {@link Number} because RabbitMQ accepts any JSON number there and gives it back as it came.
 */
public final class Policy {
    private final String vhost;
    private final String name;
    private final String pattern;
    private final ApplyTo applyTo;
    private final Number priority;
    private final Map<String, Object> definition;
    private final Pattern compiled;

    Policy(String vhost, String name, String pattern, ApplyTo applyTo, Number priority,
           Map<String, Object> definition, Pattern compiled) {
        this.vhost = Objects.requireNonNull(vhost);
        this.name = Objects.requireNonNull(name);
        this.pattern = Objects.requireNonNull(pattern);
        this.applyTo = Objects.requireNonNull(applyTo);
        this.priority = Objects.requireNonNull(priority);
        this.definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
        this.compiled = compiled;
    }

    public String vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public String pattern() {
        return pattern;
    }

    public ApplyTo applyTo() {
        return applyTo;
    }

    public Number priority() {
        return priority;
    }

    public Map<String, Object> definition() {
        return definition;
    }

    /** Whether the pattern matches anywhere in {@code objectName}, as RabbitMQ's {@code re:run} does. */
    public boolean matches(String objectName) {
        return compiled.matcher(objectName).find();
    }

    /** RabbitMQ's listing and export shape: vhost, name, pattern, apply-to, definition, priority. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("vhost", vhost);
        map.put("name", name);
        map.put("pattern", pattern);
        map.put("apply-to", applyTo.wireName());
        map.put("definition", definition);
        map.put("priority", priority);
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && vhost.equals(p.vhost) && name.equals(p.name) && pattern.equals(p.pattern)
                && applyTo == p.applyTo && samePriority(priority, p.priority) && definition.equals(p.definition);
    }

    private static boolean samePriority(Number a, Number b) {
        return a.getClass() == b.getClass() ? a.equals(b) : a.doubleValue() == b.doubleValue();
    }

    @Override
    public int hashCode() {
        return Objects.hash(vhost, name, pattern, applyTo, definition);
    }

    @Override
    public String toString() {
        return "policy '" + name + "' in vhost '" + vhost + "'";
    }
}
