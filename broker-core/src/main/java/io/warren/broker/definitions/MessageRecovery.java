package io.warren.broker.definitions;

import io.warren.broker.queue.MessageQueue;
import io.warren.broker.vhost.VirtualHost;
import io.warren.broker.vhost.VirtualHostRegistry;
import io.warren.store.MessageStore;
import io.warren.store.RecoveredQueue;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the messages the store recovered to their queues, once the queues themselves are restored.
 * Messages of a queue that no longer exists (deleted while its DROP_QUEUE record was lost, or a
 * definitions store from elsewhere) are dropped for good, so they stop holding disk.
 */
public final class MessageRecovery {
    private static final Logger log = LoggerFactory.getLogger(MessageRecovery.class);

    private MessageRecovery() {
    }

    /** What was handed back: messages into queues, and messages of queues that are gone. */
    public record Summary(long messages, int queues, long orphanedMessages, int orphanedQueues) {
    }

    public static Summary restore(MessageStore store, VirtualHostRegistry vhosts) {
        Map<Long, MessageQueue> byId = new HashMap<>();
        for (VirtualHost vhost : vhosts.all()) {
            for (MessageQueue queue : vhost.queues()) {
                if (queue.persistsMessages()) {
                    byId.put(queue.storeId(), queue);
                }
            }
        }
        long messages = 0;
        int queues = 0;
        long orphaned = 0;
        int orphanedQueues = 0;
        for (RecoveredQueue recovered : store.takeRecovered().values()) {
            MessageQueue queue = byId.get(recovered.queueId());
            if (queue != null) {
                queue.restore(recovered);
                messages += recovered.messageCount();
                queues++;
            } else {
                long[] locations = new long[recovered.messageCount()];
                int[] n = {0};
                recovered.forEach((location, delivered) -> locations[n[0]++] = location);
                store.dropQueue(recovered.queueId(), locations, n[0]);
                orphaned += n[0];
                orphanedQueues++;
                log.warn("message store: dropped {} message(s) of a queue (id {}) that no longer exists",
                        n[0], Long.toHexString(recovered.queueId()));
            }
        }
        return new Summary(messages, queues, orphaned, orphanedQueues);
    }
}
