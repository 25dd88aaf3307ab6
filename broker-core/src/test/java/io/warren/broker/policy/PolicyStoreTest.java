package io.warren.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyStoreTest {
    private final PolicyStore store = new PolicyStore();
    private final List<String> heard = new ArrayList<>();

    PolicyStoreTest() {
        store.listen(new PolicyStore.Changes() {
            @Override
            public void policyPut(Policy policy) {
                heard.add("put " + policy.vhost() + "/" + policy.name());
            }

            @Override
            public void policyRemoved(String vhost, String name) {
                heard.add("removed " + vhost + "/" + name);
            }
        });
    }

    private static Policy policy(String vhost, String name, String pattern, String applyTo, Object priority) {
        return PolicyValidator.validate(vhost, name, pattern, Map.of("max-length", 10), priority, applyTo);
    }

    private static String name(Optional<Policy> policy) {
        return policy.map(Policy::name).orElse(null);
    }

    @Test
    void theHighestPriorityPolicyWhosePatternMatchesAnywhereInTheNameIsInEffect() {
        store.put(policy("/", "low", "^orders", "all", 1));
        store.put(policy("/", "high", "eu", "all", 5));
        store.put(policy("other", "other-vhost", ".*", "all", 100));

        assertThat(name(store.effectiveForQueue("/", "orders.eu"))).isEqualTo("high");
        assertThat(name(store.effectiveForQueue("/", "orders.us"))).isEqualTo("low");
        assertThat(name(store.effectiveForQueue("/", "audit"))).isNull();
        assertThat(name(store.effectiveForQueue("/", "europe"))).isEqualTo("high"); // unanchored, as re:run
        assertThat(store.effectiveForQueue("nowhere", "orders")).isEmpty();
    }

    @Test
    void applyToDecidesWhetherQueuesOrExchangesAreCovered() {
        store.put(policy("/", "q", ".*", "queues", 1));
        store.put(policy("/", "x", ".*", "exchanges", 1));
        store.put(policy("/", "both", "^shared$", "all", 0));

        assertThat(name(store.effectiveForQueue("/", "a"))).isEqualTo("q");
        assertThat(name(store.effectiveForExchange("/", "a"))).isEqualTo("x");
        // A higher priority that does not apply to the kind never wins.
        assertThat(name(store.effectiveForQueue("/", "shared"))).isEqualTo("q");
        store.delete("/", "q");
        assertThat(name(store.effectiveForQueue("/", "shared"))).isEqualTo("both");
        assertThat(name(store.effectiveForQueue("/", "a"))).isNull();
    }

    @Test
    void equalPrioritiesAreSettledByNameSoTheAnswerIsStable() {
        store.put(policy("/", "zeta", ".*", "all", 3));
        store.put(policy("/", "alpha", ".*", "all", 3));
        store.put(policy("/", "mid", ".*", "all", 2.5));

        assertThat(name(store.effectiveForQueue("/", "q"))).isEqualTo("alpha");
        store.put(policy("/", "mid", ".*", "all", 3.5));
        assertThat(name(store.effectiveForQueue("/", "q"))).isEqualTo("mid");
    }

    @Test
    void putSaysWhetherItCreatedUpdatedOrChangedNothingAndOnlyChangesAreHeard() {
        assertThat(store.put(policy("/", "p", "a", "all", 0))).isEqualTo(PolicyStore.PutResult.CREATED);
        assertThat(store.put(policy("/", "p", "a", "all", 0))).isEqualTo(PolicyStore.PutResult.UNCHANGED);
        assertThat(store.put(policy("/", "p", "b", "all", 0))).isEqualTo(PolicyStore.PutResult.UPDATED);
        assertThat(store.get("/", "p").orElseThrow().pattern()).isEqualTo("b");
        assertThat(heard).containsExactly("put //p", "put //p");
    }

    @Test
    void deletingOneOrAllOfAVhostsPoliciesIsHeard() {
        store.put(policy("v", "b", "x", "all", 0));
        store.put(policy("v", "a", "x", "all", 0));
        store.put(policy("/", "keep", "x", "all", 0));
        heard.clear();

        assertThat(store.delete("v", "missing")).isFalse();
        store.deleteVhost("v");

        assertThat(heard).containsExactly("removed v/a", "removed v/b");
        assertThat(store.list()).extracting(Policy::name).containsExactly("keep");
        assertThat(store.list("v")).isEmpty();
    }

    @Test
    void listsAreOrderedByVhostThenName() {
        store.put(policy("b", "2", "x", "all", 0));
        store.put(policy("a", "9", "x", "all", 0));
        store.put(policy("b", "1", "x", "all", 0));

        assertThat(store.list()).extracting(p -> p.vhost() + "/" + p.name()).containsExactly("a/9", "b/1", "b/2");
        assertThat(store.list("b")).extracting(Policy::name).containsExactly("1", "2");
    }
}
