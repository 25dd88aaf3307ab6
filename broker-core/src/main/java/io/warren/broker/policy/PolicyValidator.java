package io.warren.broker.policy;

import static io.warren.broker.policy.ErlangTerms.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a policy as a client sent it (JSON values: the HTTP API's PUT body or one entry of a
 * definitions file) into a {@link Policy}, or refuses it with RabbitMQ's text
 * ({@code rabbit_policy:validate/5}): {@code "Validation failed\n\n<errors, one a line>\n"}, where the
 * errors come in RabbitMQ's order (definition, apply-to, pattern, priority).
 */
public final class PolicyValidator {
    private PolicyValidator() {
    }

    /** For {@code priority} and {@code applyTo}: the field was not given, so RabbitMQ's default applies. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    /**
     * @param pattern, definition, priority, applyTo as decoded from JSON (null for JSON's null); an
     *     {@link #ABSENT} {@code priority} means 0 and an absent {@code applyTo} {@code all}, as RabbitMQ
     *     defaults them
     * @throws PolicyException with RabbitMQ's reason text
     */
    public static Policy validate(String vhost, String name, Object pattern, Object definition, Object priority,
                                  Object applyTo) {
        List<String> errors = new ArrayList<>();
        Map<String, Object> checkedDefinition = null;
        String definitionError = definitionError(definition);
        if (definitionError != null) {
            errors.add(definitionError);
        } else {
            checkedDefinition = normaliseMap((Map<?, ?>) definition);
            String keyError = keyError(checkedDefinition);
            if (keyError != null) {
                errors.add(keyError);
            }
        }
        ApplyTo target = ApplyTo.ALL;
        if (applyTo != ABSENT) {
            target = applyTo instanceof String s ? ApplyTo.fromWireName(s).orElse(null) : null;
            if (target == null) {
                errors.add("apply-to '" + (applyTo instanceof String s ? s : format(applyTo))
                        + "' unrecognised; should be 'queues', 'exchanges' or 'all'");
            }
        }
        Pattern compiled = null;
        if (!(pattern instanceof String p)) {
            errors.add(after("pattern should be a binary but was ", pattern));
        } else {
            try {
                compiled = PcrePatterns.compile(p);
            } catch (PatternSyntaxException e) {
                errors.add(after("pattern should be regular expression but is invalid: ", PcrePatterns.error(e, p)));
            }
        }
        Number checkedPriority = 0L;
        if (priority != ABSENT) {
            if (priority instanceof Number n) {
                checkedPriority = (Number) normalise(n);
            } else {
                errors.add(after("priority should be a number, actually was ", priority));
            }
        }
        if (!errors.isEmpty()) {
            throw new PolicyException("Validation failed\n\n" + String.join("\n", errors) + "\n");
        }
        return new Policy(vhost, name, (String) pattern, target, checkedPriority, checkedDefinition, compiled);
    }

    private static String definitionError(Object definition) {
        if (!(definition instanceof Map<?, ?> map)) {
            return after("definition must be a dictionary: ", definition);
        }
        return map.isEmpty() ? "no policy provided" : null;
    }

    /** A bad value of a known key first, as RabbitMQ's validators run before it lists unknown keys. */
    private static String keyError(Map<String, Object> definition) {
        var valueError = PolicyKeys.firstError(definition);
        if (valueError.isPresent()) {
            return valueError.get();
        }
        List<String> unknown = new TreeMap<>(definition).keySet().stream().filter(k -> !PolicyKeys.isKnown(k)).toList();
        if (unknown.isEmpty()) {
            return null;
        }
        List<Object> pairs = new ArrayList<>();
        unknown.forEach(key -> pairs.add(new ErlangTerms.Tuple(key, definition.get(key))));
        return format(pairs) + " are not recognised policy settings";
    }

    /** {@code prefix} then the term as Erlang prints it there. */
    static String after(String prefix, Object term) {
        return prefix + format(term, prefix.length());
    }

    /** JSON numbers as the journal and equality want them: integers as Long, fractions as Double. */
    static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return normaliseMap(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyValidator::normalise).toList();
        }
        return value;
    }

    private static Map<String, Object> normaliseMap(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), normalise(v)));
        return result;
    }
}
