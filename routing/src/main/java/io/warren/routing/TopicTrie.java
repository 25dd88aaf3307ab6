package io.warren.routing;

import java.util.function.Consumer;

/**
 * A word trie of topic binding keys, matched against routing keys. Writers must hold the owning
 * table's lock; {@link #route} takes none.
 *
 * <p>Semantics are RabbitMQ's ({@code rabbit_db_topic_exchange}): keys split at every {@code '.'};
 * the empty key has no words, so it matches only the binding key {@code ""} and {@code #} (and
 * {@code #.#}, ...); empty words are words ({@code "a..b"} has three); {@code *} matches exactly one
 * word, {@code #} zero or more; {@code *} and {@code #} are wildcards only as whole words, so
 * {@code a*} or {@code #a} are plain words.
 */
final class TopicTrie<D> {
    /*
     * Design: RabbitMQ routes topics through a word trie so a publish costs what its key and the
     * bindings it matches cost, not what the number of bindings costs; so does this one. Nodes are
     * mutable and shared with readers rather than copied per bind: a bind touches O(words) nodes
     * (100 000 binds take milliseconds, where copying an immutable trie per bind would be quadratic),
     * each change is one volatile write of a fully built object, so a lock-free reader sees every
     * node before or after a change. Nodes left with no destination and no child are pruned on
     * unbind. Children are a WordMap, so a reader looks words up in place in the routing key.
     *
     * '#' is matched as RabbitMQ does, by trying every number of words it could swallow; but each
     * '#' node is tried from each word at most once per route (TopicScratch remembers the lowest
     * word already tried), so keys like #.#.#.a cost O(words x '#' nodes), not an exponential
     * number of paths.
     */

    /** One node: the bindings whose key ends here, and the words that lead on. */
    static final class Node {
        final Node parent;
        /** The word that leads from {@link #parent} to this node ({@code "*"} and {@code "#"} too). */
        final String word;
        /** Distinct per trie; hashes the node in {@link TopicScratch}'s memo. */
        final int id;
        volatile WordMap<Node> children;
        volatile Node star;
        volatile Node hash;
        volatile Object[] destinations = CopyOnWrite.EMPTY;

        Node(Node parent, String word, int id) {
            this.parent = parent;
            this.word = word;
            this.id = id;
        }

        boolean isEmpty() {
            return destinations.length == 0 && star == null && hash == null && children == null;
        }
    }

    private final Node root = new Node(null, null, 0);
    private int lastId;
    private int nodeCount = 1;

    /** Adds {@code destination} under {@code bindingKey}; false if it was there already. Writers only. */
    boolean add(String bindingKey, D destination) {
        Node node = root;
        if (!bindingKey.isEmpty()) {
            int start = 0;
            while (true) {
                int dot = bindingKey.indexOf('.', start);
                int end = dot < 0 ? bindingKey.length() : dot;
                node = childForWrite(node, bindingKey.substring(start, end));
                if (dot < 0) {
                    break;
                }
                start = dot + 1;
            }
        }
        Object[] current = node.destinations;
        Object[] next = CopyOnWrite.with(current, destination);
        node.destinations = next;
        return next != current;
    }

    /** Removes {@code destination} from under {@code bindingKey}; false if it was not there. Writers only. */
    boolean remove(String bindingKey, D destination) {
        Node node = find(bindingKey);
        if (node == null) {
            return false;
        }
        Object[] current = node.destinations;
        Object[] next = CopyOnWrite.without(current, destination);
        if (next == current) {
            return false;
        }
        node.destinations = next;
        while (node != root && node.isEmpty()) {
            detach(node);
            node = node.parent;
        }
        return true;
    }

    /** Hands {@code sink} the destinations of every binding key matching {@code routingKey}. */
    void route(String routingKey, Consumer<? super D> sink) {
        TopicScratch scratch = TopicScratch.acquire();
        try {
            int words = scratch.split(routingKey);
            match(root, 0, words, routingKey, scratch, sink);
        } finally {
            scratch.release();
        }
    }

    /** Nodes in the trie, the root included; for tests of pruning. */
    int nodeCount() {
        return nodeCount;
    }

    private void match(Node node, int word, int words, String key, TopicScratch scratch, Consumer<? super D> sink) {
        if (word == words) {
            emit(node.destinations, sink);
        } else {
            WordMap<Node> children = node.children;
            if (children != null) {
                Node child = children.get(key, scratch.start(word), scratch.end(word));
                if (child != null) {
                    match(child, word + 1, words, key, scratch, sink);
                }
            }
            Node star = node.star;
            if (star != null) {
                match(star, word + 1, words, key, scratch, sink);
            }
        }
        Node hash = node.hash;
        if (hash != null) {
            matchHash(hash, word, words, key, scratch, sink);
        }
    }

    /** A '#' node reached at {@code word}: it swallows 0, 1, ... words, then its own children go on. */
    private void matchHash(Node hash, int word, int words, String key, TopicScratch scratch, Consumer<? super D> sink) {
        int alreadyFrom = scratch.tryFrom(hash, word);
        for (int next = word; next <= words && next < alreadyFrom; next++) {
            match(hash, next, words, key, scratch, sink);
        }
    }

    @SuppressWarnings("unchecked")
    private static <D> void emit(Object[] destinations, Consumer<? super D> sink) {
        for (Object destination : destinations) {
            sink.accept((D) destination);
        }
    }

    private Node childForWrite(Node node, String word) {
        switch (word) {
            case "*": {
                Node star = node.star;
                if (star == null) {
                    star = newNode(node, word);
                    node.star = star;
                }
                return star;
            }
            case "#": {
                Node hash = node.hash;
                if (hash == null) {
                    hash = newNode(node, word);
                    node.hash = hash;
                }
                return hash;
            }
            default: {
                WordMap<Node> children = node.children;
                Node child = children == null ? null : children.get(word);
                if (child == null) {
                    child = newNode(node, word);
                    if (children == null) {
                        children = new WordMap<>();
                        children.put(word, child);
                        node.children = children;
                    } else {
                        children.put(word, child);
                    }
                }
                return child;
            }
        }
    }

    private Node newNode(Node parent, String word) {
        nodeCount++;
        return new Node(parent, word, ++lastId);
    }

    private Node find(String bindingKey) {
        Node node = root;
        if (bindingKey.isEmpty()) {
            return node;
        }
        int start = 0;
        while (node != null) {
            int dot = bindingKey.indexOf('.', start);
            int end = dot < 0 ? bindingKey.length() : dot;
            String word = bindingKey.substring(start, end);
            if (word.equals("*")) {
                node = node.star;
            } else if (word.equals("#")) {
                node = node.hash;
            } else {
                WordMap<Node> children = node.children;
                node = children == null ? null : children.get(word);
            }
            if (dot < 0) {
                return node;
            }
            start = dot + 1;
        }
        return null;
    }

    private void detach(Node node) {
        Node parent = node.parent;
        if (parent.star == node) {
            parent.star = null;
        } else if (parent.hash == node) {
            parent.hash = null;
        } else {
            WordMap<Node> children = parent.children;
            children.remove(node.word);
            if (children.isEmpty()) {
                parent.children = null;
            }
        }
        nodeCount--;
    }
}
