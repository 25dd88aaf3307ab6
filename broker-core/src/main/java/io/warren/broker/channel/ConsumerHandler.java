package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.method.BasicCancel;
import io.warren.amqp.method.BasicCancelOk;
import io.warren.amqp.method.BasicConsume;
import io.warren.amqp.method.BasicConsumeOk;
import io.warren.amqp.method.BasicGet;
import io.warren.amqp.method.BasicGetEmpty;
import io.warren.amqp.method.BasicGetOk;
import io.warren.amqp.method.BasicQos;
import io.warren.amqp.method.BasicQosOk;
import io.warren.amqp.method.Method;
import io.warren.broker.AmqpException;
import io.warren.broker.FieldTypeNames;
import io.warren.broker.IntegerFields;
import io.warren.broker.Resource;
import io.warren.broker.message.Message;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueConsumer;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.security.AccessKind;
import io.warren.broker.stats.MessageCounters;
import io.warren.broker.stats.Metric;
import io.warren.broker.vhost.VirtualHost;

/** {@code basic.qos}, {@code consume}, {@code cancel} and {@code get}. */
final class ConsumerHandler {
    private final AmqpChannel channel;
    /** The prefetch given to consumers created from now on ({@code basic.qos} with global=false). */
    private int consumerPrefetch;

    ConsumerHandler(AmqpChannel channel) {
        this.channel = channel;
    }

    /** The prefetch new consumers get, for management. */
    int consumerPrefetch() {
        return consumerPrefetch;
    }

    void handle(Method method) {
        if (method instanceof BasicQos qos) {
            qos(qos);
        } else if (method instanceof BasicConsume consume) {
            consume(consume);
        } else if (method instanceof BasicCancel cancel) {
            cancel(cancel);
        } else if (method instanceof BasicGet get) {
            get(get);
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void qos(BasicQos qos) {
        if (qos.prefetchSize() != 0) {
            throw AmqpException.notImplemented("prefetch_size!=0 (" + qos.prefetchSize() + ")");
        }
        if (qos.global()) {
            channel.sharedPrefetch.setLimit(qos.prefetchCount());
            channel.wakeWaitingQueues();
        } else {
            consumerPrefetch = qos.prefetchCount();
        }
        channel.send(new BasicQosOk());
    }

    private void consume(BasicConsume c) {
        String queueName = channel.queueName(c.queue());
        String tag = c.consumerTag().isEmpty() ? Names.consumerTag() : c.consumerTag();
        if (channel.consumers.containsKey(tag) || tag.equals(channel.directReplyTo.consumerTag())) {
            throw AmqpException.notAllowed("attempt to reuse consumer tag '" + tag + "'");
        }
        if (queueName.equals(DirectReplyTo.PSEUDO_QUEUE)) {
            channel.directReplyTo.start(tag, c.noAck());
            if (!c.nowait()) {
                channel.send(new BasicConsumeOk(tag));
            }
            return;
        }
        VirtualHost vhost = channel.vhost();
        Resource resource = Resource.queue(vhost.name(), queueName);
        channel.check(AccessKind.READ, resource);
        MessageQueue queue = vhost.requireQueue(queueName, channel.connection());
        int priority = priority(c, resource);
        checkCancelOnHaFailover(c, resource);
        QueueConsumer consumer = new QueueConsumer(tag, channel, c.noAck(), c.exclusive(),
                c.noAck() ? 0 : consumerPrefetch, priority, c.arguments());
        channel.suspend();
        queue.addConsumer(consumer, refused -> channel.onConnectionThread(() -> {
            if (refused != null) {
                channel.fail(refused, c);
            } else if (!channel.isOpen()) {
                queue.removeConsumer(consumer);
            } else {
                channel.consumers.put(tag, new ConsumerRecord(queue, consumer));
                if (!c.nowait()) {
                    channel.send(new BasicConsumeOk(tag));
                }
            }
            channel.resume();
        }));
    }

    private static int priority(BasicConsume c, Resource queue) {
        if (!c.arguments().containsKey("x-priority")) {
            return 0;
        }
        Object value = c.arguments().get("x-priority");
        if (IntegerFields.isInteger(value)) {
            long priority = IntegerFields.longValue(value);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, priority));
        }
        throw AmqpException.preconditionFailed("invalid arg 'x-priority' for " + queue + ": \"expected integer, got "
                + FieldTypeNames.of(value) + "\"");
    }

    /** RabbitMQ 3.x validates this (mirrored-queue) consumer argument even though it acts on it only in a cluster. */
    private static void checkCancelOnHaFailover(BasicConsume c, Resource queue) {
        Object value = c.arguments().get("x-cancel-on-ha-failover");
        if (c.arguments().containsKey("x-cancel-on-ha-failover") && !(value instanceof Boolean)) {
            throw AmqpException.preconditionFailed("invalid arg 'x-cancel-on-ha-failover' for " + queue
                    + ": {unacceptable_type," + FieldTypeNames.of(value) + "}");
        }
    }

    private void cancel(BasicCancel c) {
        if (c.consumerTag().equals(channel.directReplyTo.consumerTag())) {
            channel.directReplyTo.stop();
        }
        ConsumerRecord record = channel.consumers.remove(c.consumerTag());
        if (record != null) {
            record.queue().removeConsumer(record.consumer());
        }
        if (!c.nowait()) {
            channel.send(new BasicCancelOk(c.consumerTag()));
        }
    }

    private void get(BasicGet g) {
        String queueName = channel.queueName(g.queue());
        VirtualHost vhost = channel.vhost();
        channel.check(AccessKind.READ, Resource.queue(vhost.name(), queueName));
        MessageQueue queue = vhost.requireQueue(queueName, channel.connection());
        channel.suspend();
        queue.get(g.noAck(), (entry, remaining) -> channel.onConnectionThread(() -> {
            answerGet(queue, entry, remaining, g.noAck());
            channel.resume();
        }));
    }

    private void answerGet(MessageQueue queue, QueueEntry entry, int remaining, boolean noAck) {
        MessageCounters counters = channel.stats().counters();
        if (entry == null) {
            if (channel.isOpen()) {
                counters.increment(Metric.GET_EMPTY);
                channel.send(new BasicGetEmpty());
            }
            return;
        }
        if (!channel.isOpen()) {
            queue.returnUndelivered(null, entry, noAck);
            return;
        }
        counters.increment(noAck ? Metric.GET_NO_ACK : Metric.GET);
        if (entry.isRedelivered()) {
            counters.increment(Metric.REDELIVER);
        }
        long tag = channel.nextDeliveryTag();
        Message message = entry.message();
        ByteBuf body;
        if (noAck) {
            body = message.body().duplicate(); // the queue's reference passes to the write
        } else {
            channel.unacked.add(new Unacked(tag, queue, null, entry));
            body = message.retainedBody();
        }
        channel.write(new ContentCommand(channel.number(), new BasicGetOk(tag, entry.isRedelivered(),
                message.exchange(), message.routingKey(), remaining), message.header(), body));
    }
}
