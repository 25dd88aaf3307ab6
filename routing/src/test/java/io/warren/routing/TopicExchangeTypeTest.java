package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicExchangeTypeTest extends BindingTableContract {
    @Override
    ExchangeType type() {
        return new TopicExchangeType();
    }

    private final TopicBindingTable<String> topic = (TopicBindingTable<String>) type().<String>newBindingTable();

    /** The contract again with a wildcard binding key that matches "orders.created". */
    @Nested
    class WithWildcardKey extends BindingTableContract {
        @Override
        ExchangeType type() {
            return new TopicExchangeType();
        }

        @Override
        String key() {
            return "#.created";
        }
    }

    @Test
    void isCalledTopic() {
        assertThat(type().name()).isEqualTo("topic");
    }

    /**
     * One binding key against one routing key. Quoted cells keep empty strings and spaces. The
     * facts come from RabbitMQ's rabbit_db_topic_exchange: "" splits into no words, every dot
     * separates two words, '*' is one word, '#' any number, wildcards only as whole words.
     */
    @ParameterizedTest(name = "binding ''{0}'' vs routing key ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", quoteCharacter = '\'', value = {
        // the empty routing key has zero words
        "''        | ''          | true",
        "'#'       | ''          | true",
        "'#.#'     | ''          | true",
        "'*'       | ''          | false",
        "'*.#'     | ''          | false",
        "'#.*'     | ''          | false",
        "''        | 'a'         | false",
        // '#' alone matches everything
        "'#'       | 'a'         | true",
        "'#'       | 'a.b.c'     | true",
        "'#'       | '.'         | true",
        // '#' in the middle swallows zero or more words
        "'a.#.b'   | 'a.b'       | true",
        "'a.#.b'   | 'a.x.b'     | true",
        "'a.#.b'   | 'a.x.y.b'   | true",
        "'a.#.b'   | 'a.x.y'     | false",
        "'a.#.b'   | 'b.a.b'     | false",
        "'a.#.#.b' | 'a.b'       | true",
        "'a.#'     | 'a'         | true",
        "'a.#'     | 'a.b.c'     | true",
        "'a.#'     | 'b'         | false",
        "'#.a'     | 'a'         | true",
        "'#.a'     | 'x.y.a'     | true",
        "'#.a'     | 'a.x'       | false",
        "'#.b.#'   | 'b'         | true",
        "'#.b.#'   | 'a.b.c'     | true",
        "'#.b.#'   | 'a.c'       | false",
        "'#.*'     | 'a'         | true",
        "'*.#.*'   | 'a'         | false",
        "'*.#.*'   | 'a.b'       | true",
        "'*.#.*'   | 'a.b.c.d'   | true",
        // '*' is exactly one word
        "'*'       | 'a'         | true",
        "'*'       | 'a.b'       | false",
        "'a.*'     | 'a'         | false",
        "'a.*'     | 'a.b'       | true",
        "'a.*'     | 'a.b.c'     | false",
        "'*.b'     | 'a.b'       | true",
        // empty words are words
        "'a.*'     | 'a.'        | true",
        "'a.#'     | 'a.'        | true",
        "'a'       | 'a.'        | false",
        "'a.'      | 'a'         | false",
        "'a.'      | 'a.'        | true",
        "'a..b'    | 'a..b'      | true",
        "'a..b'    | 'a.b'       | false",
        "'a.*.b'   | 'a..b'      | true",
        "'a.#.b'   | 'a..b'      | true",
        "'.a'      | '.a'        | true",
        "'*.a'     | '.a'        | true",
        "'*'       | '.'         | false",
        "'*.*'     | '.'         | true",
        "'.'       | '.'         | true",
        "'..'      | '.'         | false",
        // wildcards only as whole words; routing-key words are literal
        "'a*'      | 'ab'        | false",
        "'a*'      | 'a*'        | true",
        "'#a'      | 'a'         | false",
        "'a#'      | 'a.b'       | false",
        "'*'       | '*'         | true",
        "'a'       | '*'         | false",
        "'#'       | '#'         | true",
        "'a'       | '#'         | false",
        // plain keys
        "'a.b.c'   | 'a.b.c'     | true",
        "'a.b.c'   | 'a.b'       | false",
        "'a.b'     | 'a.b.c'     | false",
        "'A'       | 'a'         | false",
        "' a'      | 'a'         | false",
        "'é.ü'     | 'é.ü'       | true",
        "'é.*'     | 'é.ü'       | true",
    })
    void matchesLikeRabbitMq(String bindingKey, String routingKey, boolean matches) {
        topic.add(Binding.of("q", bindingKey));
        assertThat(Routes.distinct(topic, routingKey)).isEqualTo(matches ? Set.of("q") : Set.of());
        assertThat(TopicReference.matches(bindingKey, routingKey)).as("reference matcher agrees").isEqualTo(matches);
    }

    @Test
    void routesToTheHandfulOfMatchingBindingsAmongMany() {
        for (int i = 0; i < 1000; i++) {
            topic.add(Binding.of("q" + i, "region" + (i % 10) + ".service" + (i % 7) + ".event" + i));
        }
        topic.add(Binding.of("exact", "eu.payments.created"));
        topic.add(Binding.of("star", "eu.*.created"));
        topic.add(Binding.of("hash", "eu.#"));
        topic.add(Binding.of("tail", "#.created"));
        topic.add(Binding.of("other", "us.*.created"));
        assertThat(Routes.distinct(topic, "eu.payments.created"))
                .containsExactlyInAnyOrder("exact", "star", "hash", "tail");
    }

    @Test
    void aDestinationMatchedByManyBindingsMayComeSeveralTimesButNoOthersCome() {
        topic.add(Binding.of("q1", "a.*"));
        topic.add(Binding.of("q1", "#"));
        topic.add(Binding.of("q1", "a.b"));
        topic.add(Binding.of("q2", "b.*"));
        assertThat(Routes.all(topic, "a.b", null)).isNotEmpty().containsOnly("q1");
    }

    @Test
    void unbindingPrunesTheTrieBackToItsRoot() {
        List<Binding<String>> bindings = List.of(
                Binding.of("q1", "a.b.c"), Binding.of("q2", "a.b"), Binding.of("q1", "a.*.#"),
                Binding.of("q3", "#.x..y"), Binding.of("q3", ""), Binding.of("q4", "#"), Binding.of("q5", "a.b.c.d.e"));
        bindings.forEach(topic::add);
        assertThat(topic.nodeCount()).isGreaterThan(10);

        topic.remove(Binding.of("q5", "a.b.c.d.e"));
        assertThat(Routes.distinct(topic, "a.b.c")).containsExactlyInAnyOrder("q1", "q4");
        for (Binding<String> binding : bindings) {
            topic.remove(binding);
        }
        assertThat(topic.nodeCount()).isEqualTo(1);
        assertThat(topic.size()).isZero();
        assertThat(Routes.distinct(topic, "a.b.c")).isEmpty();
    }

    @Test
    void removeDestinationPrunesToo() {
        topic.add(Binding.of("q1", "a.b.c"));
        topic.add(Binding.of("q1", "a.#"));
        topic.add(Binding.of("q2", "a.b"));
        topic.removeDestination("q1");
        assertThat(Routes.distinct(topic, "a.b.c")).isEmpty();
        assertThat(Routes.distinct(topic, "a.b")).containsExactly("q2");
        assertThat(topic.nodeCount()).isEqualTo(3);
    }

    @Test
    void keepsADestinationUnderAKeyUntilItsLastBindingThereGoes() {
        topic.add(Binding.of("q1", "a.*"));
        topic.add(new Binding<>("q1", "a.*", java.util.Map.of("v", 1)));
        topic.remove(Binding.of("q1", "a.*"));
        assertThat(Routes.distinct(topic, "a.b")).containsExactly("q1");
    }

    @Test
    void wordsWithEqualHashCodesStayApart() {
        // "Aa" and "BB" share String.hashCode, so they share a WordMap bucket.
        topic.add(Binding.of("q1", "Aa.x"));
        topic.add(Binding.of("q2", "BB.x"));
        assertThat(Routes.distinct(topic, "Aa.x")).containsExactly("q1");
        assertThat(Routes.distinct(topic, "BB.x")).containsExactly("q2");
        topic.remove(Binding.of("q1", "Aa.x"));
        assertThat(Routes.distinct(topic, "Aa.x")).isEmpty();
        assertThat(Routes.distinct(topic, "BB.x")).containsExactly("q2");
    }

    @Test
    void bindsAHundredThousandKeysQuickly() {
        long started = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            String key = switch (i % 10) {
                case 0 -> "region" + (i % 50) + ".*.event" + i;
                case 1 -> "region" + (i % 50) + ".service" + i + ".#";
                default -> "region" + (i % 50) + ".service" + (i % 1000) + ".event" + i;
            };
            topic.add(Binding.of("q" + i, key));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(topic.size()).isEqualTo(100_000);
        // Well under a second on a quiet machine; the bound is loose for a loaded two-core CI box,
        // yet far below what copying the trie per bind (quadratic) would take.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(Routes.distinct(topic, "region7.service7.event7")).containsExactly("q7");
        assertThat(Routes.distinct(topic, "region10.anything.event10")).containsExactly("q10");
        assertThat(Routes.distinct(topic, "region11.service11.a.b")).containsExactly("q11");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void oneQueueBoundUnderAHundredThousandKeysIsRemovedInLinearTime() {
        for (int i = 0; i < 100_000; i++) {
            topic.add(Binding.of("q", "orders.customer" + i + ".#"));
        }
        topic.add(Binding.of("other", "orders.#"));
        assertThat(topic.removeDestination("q")).isEqualTo(100_000);
        assertThat(Routes.distinct(topic, "orders.customer5.created")).containsExactly("other");
        assertThat(topic.nodeCount()).isEqualTo(3);
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyHashesAgainstALongKeyDoNotBacktrackExponentially() {
        topic.add(Binding.of("q1", "#.#.#.#.#.#.#.#.#.#.#.#.a"));
        topic.add(Binding.of("q2", "#.b.#.b.#.b.#.b.#.b.#.b.#.c"));
        topic.add(Binding.of("q3", "*.#.*.#.*.#.*.#.*.#.*.#.*"));
        String longKey = String.join(".", java.util.Collections.nCopies(250, "b"));
        // Collected into sets as they come: trying every path would hand over q3 astronomically often.
        Set<String> plain = new HashSet<>();
        topic.route(longKey, null, plain::add);
        Set<String> endingInA = new HashSet<>();
        topic.route(longKey + ".a", null, endingInA::add);
        Set<String> endingInC = new HashSet<>();
        topic.route(longKey + ".c", null, endingInC::add);
        assertThat(plain).containsExactly("q3");
        assertThat(endingInA).containsExactlyInAnyOrder("q1", "q3");
        assertThat(endingInC).containsExactlyInAnyOrder("q2", "q3");
    }

    @Test
    void aSinkMayRouteThroughAnotherTopicTableWhileBeingCalled() {
        BindingTable<String> second = type().newBindingTable();
        second.add(Binding.of("inner", "x.#"));
        topic.add(Binding.of("e1", "a.#"));
        topic.add(Binding.of("e2", "#.c"));
        List<String> seen = new ArrayList<>();
        topic.route("a.b.c", null, destination -> {
            seen.add(destination);
            second.route("x.y.z", null, seen::add);
        });
        assertThat(seen).containsExactlyInAnyOrder("e1", "inner", "e2", "inner");
    }

    @Test
    void longRoutingKeysWithManyWordsWork() {
        StringBuilder key = new StringBuilder("w0");
        for (int i = 1; i < 1000; i++) {
            key.append(".w").append(i);
        }
        topic.add(Binding.of("q1", "w0.#.w999"));
        topic.add(Binding.of("q2", "#.w500.#"));
        topic.add(Binding.of("q3", "#.w1000"));
        assertThat(Routes.distinct(topic, key.toString())).containsExactlyInAnyOrder("q1", "q2");
        Set<String> none = new HashSet<>();
        topic.route("w0", null, none::add);
        assertThat(none).isEmpty();
    }
}
