package io.warren.broker.channel;

import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.method.BasicDeliver;
import io.warren.broker.AmqpException;
import io.warren.broker.message.Message;
import io.warren.broker.vhost.VirtualHost;

/**
 * RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}) for one channel: a no-ack consumer on
 * that pseudo-queue gives the channel a private address; requests it publishes with
 * {@code reply-to = amq.rabbitmq.reply-to} carry the address instead, and replies published to the
 * default exchange with the address as routing key come straight back, with no queue in between.
 */
final class DirectReplyTo implements VirtualHost.ReplyTarget {
    static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";
    static final String ADDRESS_PREFIX = PSEUDO_QUEUE + ".";

    private final AmqpChannel channel;
    private String consumerTag;
    private String address;

    DirectReplyTo(AmqpChannel channel) {
        this.channel = channel;
    }

    static boolean isAddress(String name) {
        return name.startsWith(ADDRESS_PREFIX);
    }

    boolean isActive() {
        return consumerTag != null;
    }

    String consumerTag() {
        return consumerTag;
    }

    /** {@code basic.consume} on the pseudo-queue. */
    void start(String tag, boolean noAck) {
        if (!noAck) {
            throw AmqpException.preconditionFailed("reply consumer cannot acknowledge");
        }
        if (consumerTag != null) {
            throw AmqpException.preconditionFailed("reply consumer already set");
        }
        consumerTag = tag;
        address = ADDRESS_PREFIX + Names.consumerTag().substring("amq.ctag-".length());
        channel.vhost().registerReplyTarget(address, this);
    }

    void stop() {
        if (address != null) {
            channel.vhost().unregisterReplyTarget(address);
        }
        consumerTag = null;
        address = null;
    }

    /** The address requests from this channel carry in reply-to; 406 when there is no reply consumer. */
    String address() {
        if (consumerTag == null) {
            throw AmqpException.preconditionFailed("fast reply consumer does not exist");
        }
        return address;
    }

    @Override
    public void deliverReply(Message reply) {
        channel.onConnectionThread(() -> {
            if (consumerTag == null || !channel.isOpen()) {
                reply.release();
                return;
            }
            channel.write(new ContentCommand(channel.number(), new BasicDeliver(consumerTag,
                    channel.nextDeliveryTag(), false, reply.exchange(), reply.routingKey()), reply.header(),
                    reply.body().duplicate()));
        });
    }
}
