package io.warren.broker.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON value the way RabbitMQ's error texts show it: they print the decoded JSON term with
 * Erlang's {@code ~p}, so a string is {@code <<"abc">>}, {@code null} is the atom {@code null}, an
 * object is {@code #{<<"k">> => 1}}. Clients and scripts match on these texts, so Warren's must be
 * the same for the same input.
 *
 * <p>{@code ~p} also breaks a list, tuple or map that would reach column 80 into one element per
 * line, each indented to just after the opening bracket; {@link #format(Object, int)} does the same,
 * given the column the term starts at. (Erlang's printer has more rules, e.g. for very long
 * binaries; they do not arise in policy errors.)
 */
final class ErlangTerms {
    private static final int LINE_LENGTH = 80;

    private ErlangTerms() {
    }

    /** An Erlang tuple, e.g. PCRE's {@code {"missing )",4}}. */
    record Tuple(List<Object> elements) {
        Tuple(Object... elements) {
            this(List.of(elements));
        }
    }

    /** An Erlang string (a character list), printed in double quotes, unlike a binary. */
    record Charlist(String text) {
    }

    /** The term as {@code ~p} prints it at the start of a line. */
    static String format(Object value) {
        return format(value, 0);
    }

    /** The term as {@code ~p} prints it when it starts at {@code column}. */
    static String format(Object value, int column) {
        StringBuilder out = new StringBuilder();
        pretty(out, value, column);
        return out.toString();
    }

    private static void pretty(StringBuilder out, Object value, int column) {
        String flat = flat(value);
        List<String> parts = parts(value);
        if (column + flat.length() < LINE_LENGTH || parts == null) {
            out.append(flat);
            return;
        }
        String open = value instanceof Map<?, ?> ? "#{" : value instanceof Tuple ? "{" : "[";
        String close = value instanceof Map<?, ?> ? "}" : value instanceof Tuple ? "}" : "]";
        int inner = column + open.length();
        out.append(open);
        List<Object> elements = elements(value);
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(",\n").append(" ".repeat(inner));
            }
            Object element = elements.get(i);
            if (element instanceof Map.Entry<?, ?> entry) {
                String key = flat(entry.getKey()) + " => ";
                out.append(key);
                pretty(out, entry.getValue(), inner + key.length());
            } else {
                pretty(out, element, inner);
            }
        }
        out.append(close);
    }

    /** The flat texts of a container's elements, or null for a term that is not a container. */
    private static List<String> parts(Object value) {
        List<Object> elements = elements(value);
        if (elements == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Object e : elements) {
            parts.add(e instanceof Map.Entry<?, ?> entry ? flat(entry.getKey()) + " => " + flat(entry.getValue())
                    : flat(e));
        }
        return parts;
    }

    private static List<Object> elements(Object value) {
        if (value instanceof Tuple t) {
            return t.elements();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Map<?, ?> map) {
            // Erlang prints small maps in key order, and binary keys order bytewise.
            return new ArrayList<>(new TreeMap<>(map).entrySet());
        }
        return null;
    }

    private static String flat(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "<<" + quoted(s) + ">>";
        }
        if (value instanceof Charlist c) {
            return quoted(c.text());
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return erlangFloat(((Number) value).doubleValue());
        }
        List<String> parts = parts(value);
        if (parts != null) {
            String open = value instanceof Map<?, ?> ? "#{" : value instanceof Tuple ? "{" : "[";
            String close = value instanceof Map<?, ?> ? "}" : value instanceof Tuple ? "}" : "]";
            return open + String.join(",", parts) + close;
        }
        return String.valueOf(value);
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Erlang's shortest round-trip float text: {@code 1.5}, {@code 100.0}, {@code 1.0e20}. */
    private static String erlangFloat(double d) {
        String java = Double.toString(d);
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        String mantissa = java.substring(0, e);
        if (!mantissa.contains(".")) {
            mantissa += ".0";
        }
        return mantissa + "e" + java.substring(e + 1);
    }
}
