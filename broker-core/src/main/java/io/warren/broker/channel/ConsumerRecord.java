package io.warren.broker.channel;

import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueConsumer;

/** A consumer on this channel: its queue and its queue-side handle. */
record ConsumerRecord(MessageQueue queue, QueueConsumer consumer) {
}
