package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The headers exchange against a naive transcription of RabbitMQ 4's rule (filter the arguments,
 * compare each with the header of the same name, all or any), with values whose bare form (integer
 * width dropped, float width dropped) is what compares.
 */
class HeadersRoutingPropertyTest {
    private static final List<String> NAMES = List.of("a", "b", "x-c");
    private static final List<Object> VALUES = List.of(
            1, 1L, (short) 1, 2, 2L, 1.0d, 1.0f, 2.5d, "1", "v", "", true, false);
    private static final List<String> MODES = List.of("all", "any", "all-with-x", "any-with-x");

    /** A table of some of {@link #NAMES}, each with one of {@link #VALUES} or void (null). */
    private static Arbitrary<Map<String, Object>> tables(List<String> names) {
        Arbitrary<Object> value = Arbitraries.of(VALUES).injectNull(0.2);
        return Arbitraries.subsetOf(names).flatMap(keys -> value.list().ofSize(keys.size()).map(values -> {
            Map<String, Object> table = new HashMap<>();
            int i = 0;
            for (String key : keys) {
                table.put(key, values.get(i++));
            }
            return table;
        }));
    }

    @Provide
    Arbitrary<List<Map<String, Object>>> bindingArguments() {
        Arbitrary<Map<String, Object>> arguments = tables(NAMES).flatMap(table ->
                Arbitraries.of(MODES).injectNull(0.3).map(mode -> {
                    Map<String, Object> withMode = new HashMap<>(table);
                    if (mode != null) {
                        withMode.put("x-match", mode);
                    }
                    return withMode;
                }));
        return arguments.list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Map<String, Object>>> messages() {
        List<String> names = new ArrayList<>(NAMES);
        names.add("d");
        names.add("x-match");
        return tables(names).injectNull(0.15).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 500)
    void routesExactlyTheBindingsANaiveMatcherAccepts(
            @ForAll("bindingArguments") List<Map<String, Object>> bindings,
            @ForAll("messages") List<Map<String, Object>> messages) {
        BindingTable<Integer> table = new HeadersExchangeType().newBindingTable();
        for (int i = 0; i < bindings.size(); i++) {
            table.add(new Binding<>(i, "", bindings.get(i)));
        }
        for (Map<String, Object> headers : messages) {
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < bindings.size(); i++) {
                if (naiveMatch(bindings.get(i), headers)) {
                    expected.add(i);
                }
            }
            assertThat(Routes.distinct(table, "", headers)).as("headers %s through %s", headers, bindings)
                    .isEqualTo(expected);
        }
    }

    private static boolean naiveMatch(Map<String, Object> arguments, Map<String, Object> headers) {
        Map<String, Object> message = headers == null ? Map.of() : headers;
        Object mode = arguments.get("x-match");
        boolean withX = "all-with-x".equals(mode) || "any-with-x".equals(mode);
        boolean any = "any".equals(mode) || "any-with-x".equals(mode);
        List<Boolean> results = new ArrayList<>();
        arguments.forEach((name, value) -> {
            if (name.equals("x-match") || (!withX && name.startsWith("x-"))) {
                return;
            }
            boolean present = message.containsKey(name);
            results.add(value == null ? present : present && bare(value).equals(bare(message.get(name))));
        });
        return any ? results.contains(true) : !results.contains(false);
    }

    /** The value as RabbitMQ 3's {@code ==} sees it once the field type is gone: numbers by numeric value. */
    private static Object bare(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Float || value instanceof Double) {
            return "number:" + ((Number) value).doubleValue();
        }
        return value == null ? "void" : value;
    }
}
