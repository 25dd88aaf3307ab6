package io.warren.routing;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Bindings of a topic exchange, routed through a {@link TopicTrie}.
 */
final class TopicBindingTable<D> extends AbstractBindingTable<D> {
    /*
     * Design: the trie holds each destination once per binding key; the base class's index knows
     * about the arguments, so a destination leaves a key's node only with its last binding there.
     */
    private final TopicTrie<D> trie = new TopicTrie<>();

    @Override
    protected void link(Binding<D> binding) {
        trie.add(binding.routingKey(), binding.destination());
    }

    @Override
    protected void unlink(Binding<D> binding) {
        if (bindingCount(binding.destination(), binding.routingKey()) == 0) {
            trie.remove(binding.routingKey(), binding.destination());
        }
    }

    @Override
    public void route(String routingKey, Map<String, Object> headers, Consumer<? super D> sink) {
        trie.route(routingKey, sink);
    }

    /** For single-threaded tests: the trie's node count, root included, to check that unbinding prunes. */
    int nodeCount() {
        return trie.nodeCount();
    }
}
