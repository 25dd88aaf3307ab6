package io.warren.broker.policy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Policy patterns as RabbitMQ reads them: it compiles them with Erlang's {@code re} (PCRE), Warren
 * with {@link Pattern}. The two agree on the expressions people write, with two differences handled
 * here: PCRE takes a brace that does not start a valid quantifier ({@code {x}}, {@code a{1,},
 * {@code b{,3}}) as a literal where Java refuses it, and RabbitMQ reports a bad pattern as PCRE's
 * message and offset ({@code {"missing )",4}}), which Java words differently.
 */
final class PcrePatterns {
    private PcrePatterns() {
    }

    /** Compiles {@code pcre}; its error, if any, is described by {@link #error}. */
    static Pattern compile(String pcre) {
        return Pattern.compile(literalBraces(pcre));
    }

    /** Escapes each '{' outside a character class that is not the start of {n}, {n,} or {n,m}. */
    static String literalBraces(String pcre) {
        StringBuilder out = new StringBuilder(pcre.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < pcre.length(); i++) {
            char c = pcre.charAt(i);
            if (c == '\\' && i + 1 < pcre.length()) {
                out.append(c).append(pcre.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                // A '^', then a ']', right after the opening bracket belong to the class.
                if (i + 1 < pcre.length() && pcre.charAt(i + 1) == '^') {
                    out.append(pcre.charAt(++i));
                }
                if (i + 1 < pcre.length() && pcre.charAt(i + 1) == ']') {
                    out.append(pcre.charAt(++i));
                }
                continue;
            } else if (c == '{' && !isQuantifier(pcre, i)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isQuantifier(String s, int open) {
        int i = open + 1;
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < s.length() && s.charAt(i) == ',') {
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        return i < s.length() && s.charAt(i) == '}';
    }

    /** The error as RabbitMQ shows PCRE's: {@code {"missing )",4}}, as an Erlang term to print. */
    static ErlangTerms.Tuple error(PatternSyntaxException e, String pcre) {
        String description = e.getDescription();
        String message;
        int offset;
        if (description.startsWith("Unclosed group")) {
            message = "missing )";
            offset = pcre.length();
        } else if (description.startsWith("Unclosed character class")) {
            message = "missing terminating ] for character class";
            offset = pcre.length();
        } else if (description.startsWith("Dangling meta character")) {
            message = "nothing to repeat";
            offset = Math.max(e.getIndex(), 0);
        } else if (description.startsWith("Unmatched closing ')'")) {
            message = "unmatched parentheses";
            offset = Math.max(pcre.indexOf(')'), 0);
        } else {
            message = description; // rarer mistakes keep Java's words
            offset = Math.max(e.getIndex(), 0);
        }
        return new ErlangTerms.Tuple(new ErlangTerms.Charlist(message), (long) offset);
    }
}
