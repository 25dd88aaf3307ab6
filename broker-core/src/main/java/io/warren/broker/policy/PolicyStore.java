package io.warren.broker.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's policies, per virtual host, and which one is in effect for a queue or an exchange.
 *
 * <p>As in RabbitMQ, at most one policy applies to an object: among the policies of its virtual host
 * whose {@code apply-to} fits and whose pattern matches its name, the one with the highest priority.
 * RabbitMQ leaves the choice between equal priorities to its table order, i.e. unspecified; Warren
 * picks the policy whose name sorts first, so the answer never changes between calls or restarts.
 *
 * <p>Warren implements none of the policy keys' behaviours yet: policies are validated, kept
 * (durably, through the {@link Changes} listener), listed, matched and exported, and a WARN says
 * once per policy version which of its keys have no effect.
 *
 * <p>Thread-safe: changes are serialised; reads take no lock.
 */
public final class PolicyStore {
    private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

    /** Best first: highest priority, then name. */
    private static final Comparator<Policy> PRECEDENCE = Comparator
            .comparingDouble((Policy p) -> p.priority().doubleValue()).reversed()
            .thenComparing(Policy::name);

    private final Map<String, Map<String, Policy>> byVhost = new ConcurrentHashMap<>();
    private volatile Changes changes = new Changes() {
    };

    /** Hears every change, in order (the definitions journal); calls must not block. */
    public interface Changes {
        default void policyPut(Policy policy) {
        }

        default void policyRemoved(String vhost, String name) {
        }
    }

    /** What {@link #put} did, which the HTTP API answers with 201 or 204. */
    public enum PutResult { CREATED, UPDATED, UNCHANGED }

    /** Adds or replaces a policy; an identical one changes nothing and records nothing. */
    public synchronized PutResult put(Policy policy) {
        Map<String, Policy> policies = byVhost.computeIfAbsent(policy.vhost(), v -> new ConcurrentHashMap<>());
        Policy previous = policies.get(policy.name());
        if (policy.equals(previous) && previous.priority().getClass() == policy.priority().getClass()) {
            return PutResult.UNCHANGED;
        }
        policies.put(policy.name(), policy);
        changes.policyPut(policy);
        warnAboutKeysWithoutEffect(policy);
        return previous == null ? PutResult.CREATED : PutResult.UPDATED;
    }

    public Optional<Policy> get(String vhost, String name) {
        Map<String, Policy> policies = byVhost.get(vhost);
        return Optional.ofNullable(policies == null ? null : policies.get(name));
    }

    /** Every policy, by virtual host and name. */
    public List<Policy> list() {
        List<Policy> all = new ArrayList<>();
        byVhost.values().forEach(policies -> all.addAll(policies.values()));
        all.sort(Comparator.comparing(Policy::vhost).thenComparing(Policy::name));
        return all;
    }

    /** The policies of one virtual host, by name. */
    public List<Policy> list(String vhost) {
        Map<String, Policy> policies = byVhost.get(vhost);
        if (policies == null) {
            return List.of();
        }
        List<Policy> list = new ArrayList<>(policies.values());
        list.sort(Comparator.comparing(Policy::name));
        return list;
    }

    /** Removes a policy; false if there was none. */
    public synchronized boolean delete(String vhost, String name) {
        Map<String, Policy> policies = byVhost.get(vhost);
        if (policies == null || policies.remove(name) == null) {
            return false;
        }
        changes.policyRemoved(vhost, name);
        return true;
    }

    /** Removes every policy of a virtual host, when the virtual host is deleted. */
    public synchronized void deleteVhost(String vhost) {
        Map<String, Policy> policies = byVhost.remove(vhost);
        if (policies != null) {
            policies.keySet().stream().sorted().forEach(name -> changes.policyRemoved(vhost, name));
        }
    }

    /** The policy in effect for queue {@code name} in {@code vhost}, if any. */
    public Optional<Policy> effectiveForQueue(String vhost, String name) {
        return effective(vhost, name, true);
    }

    /** The policy in effect for exchange {@code name} in {@code vhost}, if any. */
    public Optional<Policy> effectiveForExchange(String vhost, String name) {
        return effective(vhost, name, false);
    }

    private Optional<Policy> effective(String vhost, String objectName, boolean queue) {
        Map<String, Policy> policies = byVhost.get(vhost);
        if (policies == null || policies.isEmpty()) {
            return Optional.empty();
        }
        Policy best = null;
        for (Policy p : policies.values()) {
            boolean fits = queue ? p.applyTo().appliesToQueues() : p.applyTo().appliesToExchanges();
            if (fits && (best == null || PRECEDENCE.compare(p, best) < 0) && p.matches(objectName)) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Sets the one listener (the definitions journal). */
    public void listen(Changes listener) {
        this.changes = listener;
    }

    private static void warnAboutKeysWithoutEffect(Policy policy) {
        List<String> idle = policy.definition().keySet().stream().filter(PolicyKeys::hasNoEffectInWarren)
                .sorted().toList();
        if (!idle.isEmpty()) {
            log.warn("{} sets {}, which Warren does not implement yet: the policy is kept, shown and exported,"
                    + " but queues and exchanges behave as without it", policy, String.join(", ", idle));
        }
    }
}
