package io.warren.broker.queue;

/**
 * Messages a queue hands to consumers of one channel in one dispatch round, passed to the channel
 * in a single mailbox post rather than one post per message.
 */
public final class Handouts {
    private QueueConsumer[] consumers = new QueueConsumer[8];
    private QueueEntry[] entries = new QueueEntry[8];
    private int size;

    void add(QueueConsumer consumer, QueueEntry entry) {
        if (size == consumers.length) {
            consumers = java.util.Arrays.copyOf(consumers, size * 2);
            entries = java.util.Arrays.copyOf(entries, size * 2);
        }
        consumers[size] = consumer;
        entries[size] = entry;
        size++;
    }

    public int size() {
        return size;
    }

    public QueueConsumer consumer(int index) {
        return consumers[index];
    }

    public QueueEntry entry(int index) {
        return entries[index];
    }
}
