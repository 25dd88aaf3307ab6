package io.warren.broker.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the known key a misspelt one was probably meant to be, by edit distance, so that
 * {@code hearbeat = 30} is answered with "did you mean 'heartbeat'?".
 */
final class KeySuggestion {
    private KeySuggestion() {
    }

    /**
     * The known name closest to {@code unknown}, if it is close enough to be a plausible typo: at most
     * two edits, or a third of the name's length for long names such as {@code management.port}.
     */
    static Optional<String> closest(String unknown, Collection<String> known) {
        int allowed = Math.max(2, unknown.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(unknown, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
