package io.warren.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The matching rule of one headers-exchange binding, parsed from its arguments, as RabbitMQ's
 * {@code rabbit_exchange_type_headers} defines it:
 * <ul>
 *   <li>{@code x-match} is {@code all} (the default), {@code any}, {@code all-with-x} or
 *       {@code any-with-x}; any other value counts as {@code all}, as in RabbitMQ, though
 *       {@link HeadersExchangeType#validateBinding} refuses it first;</li>
 *   <li>{@code x-match} itself never takes part; other arguments whose name starts with {@code x-}
 *       take part only in the {@code -with-x} modes;</li>
 *   <li>an argument with a void value ({@code null}) asks only that the header be present, with any
 *       value, void included; any other argument asks for a header with an equal value, as
 *       {@link FieldValues} defines equality;</li>
 *   <li>{@code all} and {@code all-with-x} match when every argument that takes part matches — so
 *       also when none takes part, even for a message without headers; {@code any} and
 *       {@code any-with-x} need at least one.</li>
 * </ul>
 */
final class HeadersMatcher {
    /*
     * Design: RabbitMQ re-reads x-match and re-filters the arguments of every binding at every
     * publish. Here that happens once per bind; a publish does one map lookup and one prepared
     * comparison per argument, allocating nothing.
     */
    static final String X_MATCH = "x-match";

    private final boolean any;
    private final String[] names;
    /** The prepared value per name; null for a void argument (presence only). */
    private final FieldValues.Pattern[] values;

    private HeadersMatcher(boolean any, String[] names, FieldValues.Pattern[] values) {
        this.any = any;
        this.names = names;
        this.values = values;
    }

    static HeadersMatcher of(Map<String, Object> arguments) {
        Object mode = arguments.get(X_MATCH);
        boolean any = "any".equals(mode) || "any-with-x".equals(mode);
        boolean withX = "all-with-x".equals(mode) || "any-with-x".equals(mode);
        List<String> names = new ArrayList<>();
        List<FieldValues.Pattern> values = new ArrayList<>();
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            String name = argument.getKey();
            if (name.equals(X_MATCH) || (!withX && name.startsWith("x-"))) {
                continue;
            }
            names.add(name);
            values.add(argument.getValue() == null ? null : FieldValues.pattern(argument.getValue()));
        }
        return new HeadersMatcher(any, names.toArray(new String[0]), values.toArray(new FieldValues.Pattern[0]));
    }

    /** Whether a message with these headers ({@code null}: none) matches. */
    boolean matches(Map<String, Object> headers) {
        for (int i = 0; i < names.length; i++) {
            if (matches(i, headers) == any) {
                return any;
            }
        }
        return !any;
    }

    private boolean matches(int i, Map<String, Object> headers) {
        if (headers == null) {
            return false;
        }
        Object header = headers.get(names[i]);
        FieldValues.Pattern value = values[i];
        if (value == null) {
            return header != null || headers.containsKey(names[i]);
        }
        return header != null && value.matches(header);
    }
}
