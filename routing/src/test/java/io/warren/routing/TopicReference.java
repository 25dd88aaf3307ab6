package io.warren.routing;

import java.util.Arrays;
import java.util.List;

/**
 * A deliberately naive topic matcher, written apart from {@link TopicTrie}, for the tests to
 * compare with: recursion over word lists, split with {@link String#split}. Follows RabbitMQ: the
 * empty key has no words; every dot separates two words.
 */
final class TopicReference {
    private TopicReference() {
    }

    static List<String> words(String key) {
        return key.isEmpty() ? List.of() : Arrays.asList(key.split("\\.", -1));
    }

    static boolean matches(String bindingKey, String routingKey) {
        return matches(words(bindingKey), 0, words(routingKey), 0);
    }

    private static boolean matches(List<String> pattern, int p, List<String> key, int k) {
        if (p == pattern.size()) {
            return k == key.size();
        }
        String word = pattern.get(p);
        if (word.equals("#")) {
            return matches(pattern, p + 1, key, k) || (k < key.size() && matches(pattern, p, key, k + 1));
        }
        if (k == key.size()) {
            return false;
        }
        return (word.equals("*") || word.equals(key.get(k))) && matches(pattern, p + 1, key, k + 1);
    }
}
