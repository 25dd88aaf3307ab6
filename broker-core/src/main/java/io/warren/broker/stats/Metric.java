package io.warren.broker.stats;

/**
 * What the statistics count and sample, under RabbitMQ's management names. The counters mean what
 * RabbitMQ's {@code message_stats} fields mean:
 * <ul>
 *   <li>{@code publish}: messages published on a channel (routed or not), or enqueued on a queue;</li>
 *   <li>{@code publish_in} / {@code publish_out}: for an exchange, messages published to it, and
 *       copies of those that reached a queue (a fanout to three queues counts three out);</li>
 *   <li>{@code deliver} / {@code deliver_no_ack}: pushed to consumers with / without acknowledgement;</li>
 *   <li>{@code get} / {@code get_no_ack}: fetched with {@code basic.get}; {@code get_empty}: a get that
 *       found nothing;</li>
 *   <li>{@code redeliver}: deliveries and gets of messages that had been delivered before;</li>
 *   <li>{@code ack}: messages acknowledged with {@code basic.ack} (not nacks or rejects);</li>
 *   <li>{@code confirm}: publisher confirms sent as acks (not nacks);</li>
 *   <li>{@code return_unroutable} / {@code drop_unroutable}: unroutable mandatory messages returned,
 *       unroutable other messages dropped;</li>
 *   <li>{@code disk_reads} / {@code disk_writes}: messages a queue read back from, or wrote to, the
 *       message store (persistent messages and paged-out ones).</li>
 * </ul>
 * The last two constants are not counters but queue lengths, sampled alongside them for history.
 */
public enum Metric {
    PUBLISH("publish"),
    PUBLISH_IN("publish_in"),
    PUBLISH_OUT("publish_out"),
    CONFIRM("confirm"),
    RETURN_UNROUTABLE("return_unroutable"),
    DROP_UNROUTABLE("drop_unroutable"),
    DELIVER("deliver"),
    DELIVER_NO_ACK("deliver_no_ack"),
    GET("get"),
    GET_NO_ACK("get_no_ack"),
    GET_EMPTY("get_empty"),
    REDELIVER("redeliver"),
    ACK("ack"),
    DISK_READS("disk_reads"),
    DISK_WRITES("disk_writes"),
    MESSAGES_READY("messages_ready"),
    MESSAGES_UNACKNOWLEDGED("messages_unacknowledged");

    static final Metric[] ALL = values();
    static final int COUNT = ALL.length;

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The JSON field name RabbitMQ's management API uses. */
    public String key() {
        return key;
    }
}
