package io.warren.broker.queue;

import java.util.Map;

/**
 * What a queue was declared with. Two declarations of one queue must agree on these, or the second
 * gets 406 PRECONDITION_FAILED.
 *
 * @param exclusiveOwner the connection that owns an exclusive queue, or null
 */
public record QueueSettings(boolean durable, boolean autoDelete, Object exclusiveOwner, Map<String, Object> arguments) {
    public QueueSettings {
        arguments = arguments == null ? Map.of() : arguments;
    }

    public boolean isExclusive() {
        return exclusiveOwner != null;
    }
}
