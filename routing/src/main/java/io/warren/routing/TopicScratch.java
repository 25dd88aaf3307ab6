package io.warren.routing;

import java.util.Arrays;

/**
 * Per-thread working memory for one topic route: where each word of the routing key starts and
 * ends, and which {@code #} nodes have been tried from which word on.
 */
final class TopicScratch {
    /*
     * Design: a route must not allocate, so its working memory is kept per thread and reused. It is
     * lent to one route at a time: a sink that routes again (exchange-to-exchange bindings) finds it
     * busy and gets a fresh one, the rare case that allocates. The '#' memo is an open-addressing
     * table keyed by node, emptied slot by slot when the route ends, so it costs only what the
     * route used and keeps no trie node reachable afterwards.
     */
    private static final ThreadLocal<TopicScratch> PER_THREAD = ThreadLocal.withInitial(TopicScratch::new);

    private boolean busy;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int words;

    private Object[] memoNodes = new Object[16];
    private int[] memoLowest = new int[16];
    private int[] memoUsed = new int[8];
    private int memoSize;

    static TopicScratch acquire() {
        TopicScratch scratch = PER_THREAD.get();
        if (scratch.busy) {
            scratch = new TopicScratch();
        }
        scratch.busy = true;
        return scratch;
    }

    /** Ends the route: forgets the memo (dropping its node references) and frees the scratch. */
    void release() {
        for (int i = 0; i < memoSize; i++) {
            memoNodes[memoUsed[i]] = null;
        }
        memoSize = 0;
        busy = false;
    }

    /**
     * Splits {@code key} into words at each {@code '.'}, as RabbitMQ does: {@code ""} has no words,
     * and every dot separates two words, empty or not ({@code "a..b"} is {@code a}, {@code ""},
     * {@code b}). Returns the word count.
     */
    int split(String key) {
        words = 0;
        if (key.isEmpty()) {
            return 0;
        }
        int start = 0;
        while (true) {
            int dot = key.indexOf('.', start);
            int end = dot < 0 ? key.length() : dot;
            if (words == starts.length) {
                starts = Arrays.copyOf(starts, words * 2);
                ends = Arrays.copyOf(ends, words * 2);
            }
            starts[words] = start;
            ends[words] = end;
            words++;
            if (dot < 0) {
                return words;
            }
            start = dot + 1;
        }
    }

    int start(int word) {
        return starts[word];
    }

    int end(int word) {
        return ends[word];
    }

    /**
     * Records that {@code node} is being tried from word {@code from} on, and returns the lowest
     * word it had already been tried from in this route ({@code words + 1} if none). Positions from
     * that one on need no second try.
     */
    int tryFrom(TopicTrie.Node node, int from) {
        int mask = memoNodes.length - 1;
        int index = node.id & mask;
        Object there;
        while ((there = memoNodes[index]) != null) {
            if (there == node) {
                int lowest = memoLowest[index];
                if (from < lowest) {
                    memoLowest[index] = from;
                }
                return lowest;
            }
            index = (index + 1) & mask;
        }
        memoNodes[index] = node;
        memoLowest[index] = from;
        if (memoSize == memoUsed.length) {
            memoUsed = Arrays.copyOf(memoUsed, memoSize * 2);
        }
        memoUsed[memoSize++] = index;
        if (memoSize * 2 > memoNodes.length) {
            growMemo();
        }
        return words + 1;
    }

    private void growMemo() {
        Object[] oldNodes = memoNodes;
        int[] oldLowest = memoLowest;
        memoNodes = new Object[oldNodes.length * 2];
        memoLowest = new int[oldNodes.length * 2];
        int mask = memoNodes.length - 1;
        for (int i = 0; i < memoSize; i++) {
            int old = memoUsed[i];
            int index = ((TopicTrie.Node) oldNodes[old]).id & mask;
            while (memoNodes[index] != null) {
                index = (index + 1) & mask;
            }
            memoNodes[index] = oldNodes[old];
            memoLowest[index] = oldLowest[old];
            memoUsed[i] = index;
        }
    }
}
