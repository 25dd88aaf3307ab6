package io.warren.broker.channel;

import io.warren.amqp.frame.ContentCommand;
import io.warren.broker.queue.MessageQueue.Settlement;
import java.util.ArrayList;
import java.util.List;

/**
 * An open AMQP transaction ({@code tx.select}): publishes and settlements held back until
 * {@code tx.commit}, dropped by {@code tx.rollback}. As in RabbitMQ, a rolled-back acknowledgement
 * leaves its delivery unacknowledged; nothing is requeued.
 */
final class Transaction {
    private final List<ContentCommand> publishes = new ArrayList<>();
    private final List<Pending> settlements = new ArrayList<>();

    private record Pending(List<Unacked> deliveries, Settlement settlement) {
    }

    void addPublish(ContentCommand command) {
        publishes.add(command);
    }

    void addSettlement(List<Unacked> deliveries, Settlement settlement) {
        for (Unacked u : deliveries) {
            u.settledInTransaction = true;
        }
        settlements.add(new Pending(deliveries, settlement));
    }

    /** Publishes what was held back, then applies the settlements, in order. */
    void commit(AmqpChannel channel) {
        List<ContentCommand> toPublish = new ArrayList<>(publishes);
        publishes.clear();
        for (ContentCommand command : toPublish) {
            channel.publisher().route(command);
        }
        List<Pending> toSettle = new ArrayList<>(settlements);
        settlements.clear();
        for (Pending pending : toSettle) {
            channel.acks().settleCommitted(pending.deliveries(), pending.settlement());
        }
    }

    void rollback() {
        for (ContentCommand command : publishes) {
            command.release();
        }
        publishes.clear();
        for (Pending pending : settlements) {
            for (Unacked u : pending.deliveries()) {
                u.settledInTransaction = false;
            }
        }
        settlements.clear();
    }
}
