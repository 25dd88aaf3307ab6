package io.warren.broker.policy;

import static io.warren.broker.policy.ErlangTerms.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The keys a policy definition may set, as RabbitMQ 3.10 recognises them, each with RabbitMQ's check
 * of its value and its error text ({@code rabbit_policies}, {@code rabbit_mirror_queue_misc},
 * {@code rabbit_queue_location_validator}). A definition with any other key is refused, as RabbitMQ
 * refuses it.
 *
 * <p>None of these keys changes how Warren behaves yet (see {@link #hasNoEffectInWarren}); they are
 * accepted so that definitions move between RabbitMQ and Warren unchanged, and so that the
 * behaviours can be switched on as they are built (the cluster will read the {@code ha-*} keys).
 */
final class PolicyKeys {
    private PolicyKeys() {
    }

    private static final Pattern MAX_AGE = Pattern.compile("[0-9]+[YMDhms]");
    private static final long MAX_STREAM_SEGMENT_SIZE = 3_000_000_000L;

    /** Each plain key's check: the error text for a bad value, or null when the value is good. */
    private static final Map<String, Function<Object, String>> PLAIN = new TreeMap<>();

    private static void check(String key, Function<Object, String> errorFor) {
        PLAIN.put(key, errorFor);
    }

    static {
        check("alternate-exchange", v -> v instanceof String ? null
                : format(v) + " is not a valid alternate exchange name");
        check("dead-letter-exchange", v -> v instanceof String ? null
                : format(v) + " is not a valid dead letter exchange name");
        check("dead-letter-routing-key", v -> v instanceof String ? null
                : format(v) + " is not a valid dead letter routing key");
        check("dead-letter-strategy", v -> oneOf(v, "at-most-once", "at-least-once") ? null
                : format(v) + " is not a valid dead letter strategy");
        check("message-ttl", v -> integerAtLeast(v, 0) ? null : format(v) + " is not a valid message TTL");
        check("expires", v -> integerAtLeast(v, 1) ? null : format(v) + " is not a valid queue expiry");
        check("max-length", v -> integerAtLeast(v, 0) ? null : format(v) + " is not a valid maximum length");
        check("max-length-bytes", v -> integerAtLeast(v, 0) ? null
                : format(v) + " is not a valid maximum length in bytes");
        check("max-in-memory-length", v -> integerAtLeast(v, 0) ? null
                : format(v) + " is not a valid maximum memory in bytes");
        check("max-in-memory-bytes", v -> integerAtLeast(v, 0) ? null
                : format(v) + " is not a valid maximum memory in bytes");
        check("queue-mode", v -> oneOf(v, "default", "lazy") ? null
                : format(v) + " is not a valid queue-mode value");
        check("queue-version", v -> v instanceof Long l && (l == 1 || l == 2) ? null
                : format(v) + " is not a valid queue-version value");
        check("overflow", v -> oneOf(v, "drop-head", "reject-publish", "reject-publish-dlx") ? null
                : format(v) + " is not a valid overflow value");
        check("delivery-limit", v -> integerAtLeast(v, 0) ? null : format(v) + " is not a valid delivery limit");
        check("max-age", v -> v instanceof String s && MAX_AGE.matcher(s).matches() ? null
                : format(v) + " is not a valid max age");
        check("stream-max-segment-size-bytes", v -> integerAtLeast(v, 0)
                && (Long) v <= MAX_STREAM_SEGMENT_SIZE ? null : format(v) + " is not a valid segment size");
        check("queue-leader-locator", v -> oneOf(v, "client-local", "balanced", "random", "least-leaders") ? null
                : format(v) + " is not a valid queue leader locator value");
        check("initial-cluster-size", v -> integerAtLeast(v, 0) ? null
                : format(v) + " is not a valid cluster size");
        check("queue-master-locator", v -> oneOf(v, "min-masters", "client-local", "random") ? null
                : format(v) + " invalid queue-master-locator value");
    }

    /** Classic mirroring's keys, checked together as {@code rabbit_mirror_queue_misc} does. */
    static final List<String> HA_KEYS = List.of("ha-mode", "ha-params", "ha-sync-mode", "ha-sync-batch-size",
            "ha-promote-on-shutdown", "ha-promote-on-failure");

    static boolean isKnown(String key) {
        return PLAIN.containsKey(key) || HA_KEYS.contains(key);
    }

    /** Whether a key is accepted and stored but changes nothing in Warren yet: today, every key. */
    static boolean hasNoEffectInWarren(String key) {
        return isKnown(key);
    }

    /**
     * The first error in {@code definition}'s known keys (in key order, as RabbitMQ walks them),
     * or empty. Unknown keys are the caller's business.
     */
    static Optional<String> firstError(Map<String, Object> definition) {
        for (Map.Entry<String, Object> e : new TreeMap<>(definition).entrySet()) {
            Function<Object, String> check = PLAIN.get(e.getKey());
            String error = check == null ? null : check.apply(e.getValue());
            if (error != null) {
                return Optional.of(error);
            }
        }
        return Optional.ofNullable(haError(definition));
    }

    private static String haError(Map<String, Object> d) {
        if (HA_KEYS.stream().noneMatch(d::containsKey)) {
            return null;
        }
        if (!d.containsKey("ha-mode")) {
            return "ha-mode must be specified to specify ha-params, ha-sync-mode or ha-promote-on-shutdown";
        }
        Object mode = d.get("ha-mode");
        if (!oneOf(mode, "all", "exactly", "nodes")) {
            return format(mode) + " is not a valid ha-mode value";
        }
        List<String> errors = new ArrayList<>();
        errors.add(haParamsError((String) mode, d.containsKey("ha-params"), d.get("ha-params")));
        Object sync = d.get("ha-sync-mode");
        if (d.containsKey("ha-sync-mode") && !oneOf(sync, "automatic", "manual")) {
            errors.add(PolicyValidator.after("ha-sync-mode must be \"manual\" or \"automatic\", got ", sync));
        }
        Object batch = d.get("ha-sync-batch-size");
        if (d.containsKey("ha-sync-batch-size") && !integerAtLeast(batch, 1)) {
            errors.add(PolicyValidator.after("ha-sync-batch-size takes an integer greater than 0, ", batch) + " given");
        }
        for (String promote : List.of("ha-promote-on-shutdown", "ha-promote-on-failure")) {
            Object v = d.get(promote);
            if (d.containsKey(promote) && !oneOf(v, "always", "when-synced")) {
                errors.add(PolicyValidator.after(promote + " must be \"always\" or \"when-synced\", got ", v));
            }
        }
        return errors.stream().filter(e -> e != null).findFirst().orElse(null);
    }

    private static String haParamsError(String mode, boolean present, Object params) {
        switch (mode) {
            case "all":
                return present ? "ha-mode=\"all\" does not take parameters" : null;
            case "exactly":
                if (integerAtLeast(params, 1)) {
                    return null;
                }
                return present ? PolicyValidator.after("ha-mode=\"exactly\" takes an integer, ", params) + " given"
                        : "ha-mode=\"exactly\" takes an integer, none given";
            default:
                if (params instanceof List<?> nodes) {
                    if (nodes.isEmpty()) {
                        return "ha-mode=\"nodes\" list must be non-empty";
                    }
                    List<Object> invalid = nodes.stream().filter(n -> !(n instanceof String)).map(n -> (Object) n)
                            .toList();
                    return invalid.isEmpty() ? null
                            : PolicyValidator.after("ha-mode=\"nodes\" takes a list of strings, ", invalid)
                                    + " was not a string";
                }
                return (present ? PolicyValidator.after("ha-mode=\"nodes\" takes a list, ", params)
                        : "ha-mode=\"nodes\" takes a list, none") + " given";
        }
    }

    private static boolean oneOf(Object value, String... allowed) {
        return value instanceof String s && List.of(allowed).contains(s);
    }

    private static boolean integerAtLeast(Object value, long min) {
        return value instanceof Long l && l >= min;
    }
}
