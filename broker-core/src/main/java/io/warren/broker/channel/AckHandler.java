package io.warren.broker.channel;

import io.warren.amqp.method.BasicAck;
import io.warren.amqp.method.BasicNack;
import io.warren.amqp.method.BasicRecover;
import io.warren.amqp.method.BasicRecoverAsync;
import io.warren.amqp.method.BasicRecoverOk;
import io.warren.amqp.method.BasicReject;
import io.warren.amqp.method.Method;
import io.warren.broker.AmqpException;
import io.warren.broker.queue.MessageQueue.Settlement;
import io.warren.broker.stats.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basic.ack}, {@code nack}, {@code reject} and {@code recover}: finds the deliveries a tag
 * names (one, or all up to it with multiple=true, or all with multiple=true and tag 0), and settles
 * them with their queues, or holds them in an open transaction.
 */
final class AckHandler {
    private final AmqpChannel channel;

    AckHandler(AmqpChannel channel) {
        this.channel = channel;
    }

    void handle(Method method) {
        if (method instanceof BasicAck ack) {
            settle(ack.deliveryTag(), ack.multiple(), Settlement.ACK);
        } else if (method instanceof BasicNack nack) {
            settle(nack.deliveryTag(), nack.multiple(), nack.requeue() ? Settlement.REQUEUE : Settlement.DISCARD);
        } else if (method instanceof BasicReject reject) {
            settle(reject.deliveryTag(), false, reject.requeue() ? Settlement.REQUEUE : Settlement.DISCARD);
        } else if (method instanceof BasicRecover recover) {
            recover(recover.requeue());
            channel.send(new BasicRecoverOk());
        } else if (method instanceof BasicRecoverAsync recover) {
            recover(recover.requeue());
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void settle(long tag, boolean multiple, Settlement settlement) {
        List<Unacked> settled = new ArrayList<>();
        UnackedDeliveries unacked = channel.unacked;
        Transaction transaction = channel.transaction();
        if (multiple && tag == 0) {
            unacked.collectUpTo(Long.MAX_VALUE, settled);
        } else {
            Unacked named = unacked.get(tag);
            if (named == null || named.settledInTransaction) {
                throw AmqpException.preconditionFailed("unknown delivery tag " + tag);
            }
            if (multiple) {
                unacked.collectUpTo(tag, settled);
            } else {
                settled.add(named);
            }
        }
        if (transaction != null) {
            settled.removeIf(u -> u.settledInTransaction);
            transaction.addSettlement(settled, settlement);
        } else {
            settleCommitted(settled, settlement);
        }
    }

    /** Removes {@code settled} from the channel and settles them with their queues. */
    void settleCommitted(List<Unacked> settled, Settlement settlement) {
        for (Unacked u : settled) {
            channel.unacked.remove(u.tag);
        }
        Settlements.apply(settled, settlement);
        if (settlement == Settlement.ACK) {
            channel.stats().counters().add(Metric.ACK, settled.size());
        }
        int prefetchUnits = Settlements.consumerDeliveries(settled);
        if (prefetchUnits > 0) {
            channel.sharedPrefetch.release(prefetchUnits);
            channel.wakeWaitingQueues();
        }
    }

    /** {@code basic.recover}: every unacknowledged delivery goes back to its queue, marked redelivered. */
    private void recover(boolean requeue) {
        if (!requeue) {
            throw AmqpException.notImplemented("requeue=false");
        }
        List<Unacked> all = new ArrayList<>();
        channel.unacked.collectUpTo(Long.MAX_VALUE, all);
        all.removeIf(u -> u.settledInTransaction);
        settleCommitted(all, Settlement.REQUEUE);
    }
}
