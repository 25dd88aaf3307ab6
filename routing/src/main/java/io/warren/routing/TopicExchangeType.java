package io.warren.routing;

/**
 * The {@code topic} exchange type: binding keys are patterns of dot-separated words, where
 * {@code *} stands for exactly one word and {@code #} for zero or more (see
 * <a href="https://www.rabbitmq.com/tutorials/tutorial-five-java">RabbitMQ tutorial 5: topics</a>
 * and {@code rabbit_db_topic_exchange}).
 *
 * <p>As in RabbitMQ: a key is split at every {@code '.'}, so {@code "a..b"} and {@code "a."} contain
 * empty words, which match only empty words or wildcards; the empty routing key has no words at all
 * and is matched by {@code ""} and {@code #} but not by {@code *}; {@code *} and {@code #} are
 * wildcards only as whole words. Binding arguments play no part; every binding is accepted.
 * Routing cost does not grow with the number of bindings: they live in a word trie ({@code TopicTrie}).
 */
public final class TopicExchangeType implements ExchangeType {
    /** The type's name in {@code exchange.declare}. */
    public static final String NAME = "topic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMQP topic exchange, as per the AMQP specification";
    }

    @Override
    public <D> BindingTable<D> newBindingTable() {
        return new TopicBindingTable<>();
    }
}
