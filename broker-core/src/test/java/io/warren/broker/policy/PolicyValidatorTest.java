package io.warren.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The texts expected here are RabbitMQ 3.10's answers to the same PUT /api/policies bodies. */
class PolicyValidatorTest {
    private static Policy validate(Object pattern, Object definition, Object priority, Object applyTo) {
        return PolicyValidator.validate("/", "p", pattern, definition, priority, applyTo);
    }

    private static void refused(Object pattern, Object definition, Object priority, Object applyTo, String... errors) {
        assertThatThrownBy(() -> validate(pattern, definition, priority, applyTo))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Validation failed\n\n" + String.join("\n", errors) + "\n");
    }

    @Test
    void aGoodPolicyKeepsWhatItWasGivenWithRabbitMqsDefaults() {
        Policy policy = validate("^orders\\.", Map.of("max-length", 10, "ha-mode", "all"), PolicyValidator.ABSENT,
                PolicyValidator.ABSENT);

        assertThat(policy.applyTo()).isEqualTo(ApplyTo.ALL);
        assertThat(policy.priority()).isEqualTo(0L);
        assertThat(policy.definition()).isEqualTo(Map.of("max-length", 10L, "ha-mode", "all"));
        assertThat(policy.toMap()).containsExactly(Map.entry("vhost", "/"), Map.entry("name", "p"),
                Map.entry("pattern", "^orders\\."), Map.entry("apply-to", "all"),
                Map.entry("definition", policy.definition()), Map.entry("priority", 0L));
        assertThat(validate(".*", Map.of("expires", 1), 7, "queues").priority()).isEqualTo(7L);
        assertThat(validate(".*", Map.of("expires", 1), 1.5, "exchanges").priority()).isEqualTo(1.5);
    }

    @Test
    void aBadRegularExpressionIsDescribedAsPcreDescribesIt() {
        refused("(abc", Map.of("max-length", 1), 0, "all",
                "pattern should be regular expression but is invalid: {\"missing )\",4}");
        // Erlang's ~p breaks a term that would pass column 80, indenting to just after the '{'.
        refused("[abc", Map.of("max-length", 1), 0, "all",
                "pattern should be regular expression but is invalid: {\"missing terminating ] for character class\",\n"
                        + " ".repeat(54) + "4}");
        refused("a)", Map.of("max-length", 1), 0, "all",
                "pattern should be regular expression but is invalid: {\"unmatched parentheses\",\n"
                        + " ".repeat(54) + "1}");
        refused("*abc", Map.of("max-length", 1), 0, "all",
                "pattern should be regular expression but is invalid: {\"nothing to repeat\",0}");
        refused(5, Map.of("max-length", 1), 0, "all", "pattern should be a binary but was 5");
    }

    @Test
    void bracesThatPcreTakesLiterallyAreLiteralToo() {
        Policy braces = validate("{x}|a{1,|b{,3}|c{2}", Map.of("max-length", 1), 0, "all");

        assertThat(braces.pattern()).isEqualTo("{x}|a{1,|b{,3}|c{2}");
        assertThat(braces.matches("q{x}")).isTrue();
        assertThat(braces.matches("a{1,")).isTrue();
        assertThat(braces.matches("b{,3}")).isTrue();
        assertThat(braces.matches("cc")).isTrue();
        assertThat(braces.matches("c")).isFalse();
        assertThat(validate("[{]x\\{", Map.of("max-length", 1), 0, "all").matches("{x{")).isTrue();
    }

    @Test
    void anUnknownApplyToIsRefused() {
        refused(".*", Map.of("max-length", 1), 0, "streams",
                "apply-to 'streams' unrecognised; should be 'queues', 'exchanges' or 'all'");
    }

    @Test
    void aPriorityThatIsNotANumberIsRefused() {
        refused(".*", Map.of("max-length", 1), "5", "all", "priority should be a number, actually was <<\"5\">>");
    }

    @Test
    void anExplicitNullIsNotADefault() {
        refused(".*", Map.of("max-length", 1), null, "all", "priority should be a number, actually was null");
        refused(".*", Map.of("max-length", 1), 0, null,
                "apply-to 'null' unrecognised; should be 'queues', 'exchanges' or 'all'");
    }

    @Test
    void anEmptyDefinitionIsRefused() {
        refused(".*", Map.of(), 0, "all", "no policy provided");
    }

    @Test
    void unknownDefinitionKeysAreListedWithTheirValues() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("zzz", List.of(1, "a"));
        definition.put("max-length", 1);
        definition.put("foo", Map.of("b", true));
        refused(".*", definition, 0, "all",
                "[{<<\"foo\">>,#{<<\"b\">> => true}},{<<\"zzz\">>,[1,<<\"a\">>]}] are not recognised policy settings");
        refused(".*", Map.of("a".repeat(38), "b".repeat(49)), 0, "all",
                "[{<<\"" + "a".repeat(38) + "\">>,\n  <<\"" + "b".repeat(49) + "\">>}] are not recognised policy settings");
    }

    @Test
    void badValuesOfKnownKeysAreRefusedWithRabbitMqsTexts() {
        refused(".*", Map.of("message-ttl", -1), 0, "all", "-1 is not a valid message TTL");
        refused(".*", Map.of("max-length", "ten"), 0, "all", "<<\"ten\">> is not a valid maximum length");
        refused(".*", Map.of("expires", 0), 0, "all", "0 is not a valid queue expiry");
        refused(".*", Map.of("overflow", "drop-tail"), 0, "all", "<<\"drop-tail\">> is not a valid overflow value");
        refused(".*", Map.of("ha-params", 2), 0, "all",
                "ha-mode must be specified to specify ha-params, ha-sync-mode or ha-promote-on-shutdown");
        refused(".*", Map.of("ha-mode", "exactly"), 0, "all", "ha-mode=\"exactly\" takes an integer, none given");
        refused(".*", Map.of("ha-mode", "some"), 0, "all", "<<\"some\">> is not a valid ha-mode value");
        refused(".*", Map.of("ha-mode", "nodes", "ha-params", List.of(1)), 0, "all",
                "ha-mode=\"nodes\" takes a list of strings, [1] was not a string");
        refused(".*", Map.of("ha-mode", "all", "ha-sync-mode", "x"), 0, "all",
                "ha-sync-mode must be \"manual\" or \"automatic\", got <<\"x\">>");
        refused(".*", Map.of("consumer-timeout", 1), 0, "all",
                "[{<<\"consumer-timeout\">>,1}] are not recognised policy settings");
        refused(".*", Map.of("message-ttl", 1.5), 0, "all", "1.5 is not a valid message TTL");
        validate(".*", Map.of("max-age", "7D", "queue-leader-locator", "balanced", "queue-version", 2), 0, "all");
        validate(".*", Map.of("ha-mode", "exactly", "ha-params", 2, "ha-sync-mode", "automatic"), 0, "all");
    }

    @Test
    void everyErrorIsListedInRabbitMqsOrder() {
        refused("(", Map.of(), "x", "some",
                "no policy provided",
                "apply-to 'some' unrecognised; should be 'queues', 'exchanges' or 'all'",
                "pattern should be regular expression but is invalid: {\"missing )\",1}",
                "priority should be a number, actually was <<\"x\">>");
    }
}
