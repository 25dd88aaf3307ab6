package io.warren.broker.vhost;

import io.warren.broker.queue.MessageQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The result of routing one message: each queue it reaches, once, however many paths lead there.
 * Also keeps the routing work list and the exchanges already visited, so exchange-to-exchange
 * cycles end. One instance per channel, cleared between messages: routing allocates nothing in the
 * common case.
 */
public final class RouteCollector implements Consumer<Destination> {
    /** Below this many queues a linear scan beats hashing for de-duplication. */
    private static final int LINEAR_LIMIT = 16;

    private final List<MessageQueue> queues = new ArrayList<>();
    private final Map<MessageQueue, Boolean> queueIndex = new IdentityHashMap<>();
    private final List<Exchange> visited = new ArrayList<>();
    private final ArrayDeque<Exchange> pending = new ArrayDeque<>();
    private int matchedAtCurrentExchange;

    public void clear() {
        queues.clear();
        queueIndex.clear();
        visited.clear();
        pending.clear();
    }

    public List<MessageQueue> queues() {
        return queues;
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }

    void addQueue(MessageQueue queue) {
        matchedAtCurrentExchange++;
        if (queues.size() < LINEAR_LIMIT) {
            for (MessageQueue q : queues) {
                if (q == queue) {
                    return;
                }
            }
            queues.add(queue);
            if (queues.size() == LINEAR_LIMIT) {
                for (MessageQueue q : queues) {
                    queueIndex.put(q, Boolean.TRUE);
                }
            }
        } else if (queueIndex.put(queue, Boolean.TRUE) == null) {
            queues.add(queue);
        }
    }

    void addExchange(Exchange exchange) {
        matchedAtCurrentExchange++;
        pending.add(exchange);
    }

    /** Accepts the next destination: a visit to an exchange already seen is dropped (cycle). */
    void enqueueVisit(Exchange exchange) {
        pending.add(exchange);
    }

    Exchange nextExchange() {
        Exchange next;
        while ((next = pending.poll()) != null) {
            if (!wasVisited(next)) {
                visited.add(next);
                matchedAtCurrentExchange = 0;
                return next;
            }
        }
        return null;
    }

    int matchedAtCurrentExchange() {
        return matchedAtCurrentExchange;
    }

    private boolean wasVisited(Exchange exchange) {
        for (Exchange x : visited) {
            if (x == exchange) {
                return true;
            }
        }
        return false;
    }

    /** The sink an exchange's binding table hands destinations to. */
    @Override
    public void accept(Destination destination) {
        if (destination instanceof Destination.ToQueue q) {
            addQueue(q.queue());
        } else {
            addExchange(((Destination.ToExchange) destination).exchange());
        }
    }
}
