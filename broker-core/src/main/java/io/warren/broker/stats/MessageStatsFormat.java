package io.warren.broker.stats;

import static io.warren.broker.stats.Metric.ACK;
import static io.warren.broker.stats.Metric.CONFIRM;
import static io.warren.broker.stats.Metric.DELIVER;
import static io.warren.broker.stats.Metric.DELIVER_NO_ACK;
import static io.warren.broker.stats.Metric.DISK_READS;
import static io.warren.broker.stats.Metric.DISK_WRITES;
import static io.warren.broker.stats.Metric.DROP_UNROUTABLE;
import static io.warren.broker.stats.Metric.GET;
import static io.warren.broker.stats.Metric.GET_EMPTY;
import static io.warren.broker.stats.Metric.GET_NO_ACK;
import static io.warren.broker.stats.Metric.MESSAGES_READY;
import static io.warren.broker.stats.Metric.MESSAGES_UNACKNOWLEDGED;
import static io.warren.broker.stats.Metric.PUBLISH;
import static io.warren.broker.stats.Metric.PUBLISH_IN;
import static io.warren.broker.stats.Metric.PUBLISH_OUT;
import static io.warren.broker.stats.Metric.REDELIVER;
import static io.warren.broker.stats.Metric.RETURN_UNROUTABLE;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which fields each kind of object shows, and how they are written: RabbitMQ's {@code message_stats}
 * and queue-length shapes as plain maps, keys in RabbitMQ's (alphabetical) order.
 *
 * <p>As in RabbitMQ, fields come in groups that appear once something in the group has happened: a
 * queue nobody published to shows no {@code publish}, a channel that never consumed shows no
 * {@code deliver}, and an object with no traffic at all has an empty {@code message_stats} (which
 * RabbitMQ leaves out of its JSON). The broker-wide figures always show every field.
 */
final class MessageStatsFormat {
    private MessageStatsFormat() {
    }

    /** A field: its name and the counters it adds up ({@code deliver_get} is four). */
    record Field(String key, Metric... parts) {
        Field(Metric metric) {
            this(metric.key(), metric);
        }
    }

    static final List<Field> DELIVERIES = List.of(new Field(ACK), new Field(DELIVER),
            new Field("deliver_get", DELIVER, DELIVER_NO_ACK, GET, GET_NO_ACK), new Field(DELIVER_NO_ACK),
            new Field(GET), new Field(GET_EMPTY), new Field(GET_NO_ACK), new Field(REDELIVER));
    static final List<Field> QUEUE_PUBLISHES = List.of(new Field(PUBLISH));
    static final List<Field> CHANNEL_PUBLISHES = List.of(new Field(CONFIRM), new Field(DROP_UNROUTABLE),
            new Field(PUBLISH), new Field(RETURN_UNROUTABLE));
    static final List<Field> EXCHANGE = List.of(new Field(PUBLISH_IN), new Field(PUBLISH_OUT));
    static final List<Field> DISK = List.of(new Field(DISK_READS), new Field(DISK_WRITES));
    static final List<Field> LENGTHS = List.of(new Field("messages", MESSAGES_READY, MESSAGES_UNACKNOWLEDGED),
            new Field(MESSAGES_READY), new Field(MESSAGES_UNACKNOWLEDGED));

    static final Series.Columns QUEUE_COLUMNS = new Series.Columns(PUBLISH, DELIVER, DELIVER_NO_ACK, GET,
            GET_NO_ACK, GET_EMPTY, REDELIVER, ACK, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED);
    static final Series.Columns EXCHANGE_COLUMNS = new Series.Columns(PUBLISH_IN, PUBLISH_OUT);
    static final Series.Columns CHANNEL_COLUMNS = new Series.Columns(PUBLISH, CONFIRM, RETURN_UNROUTABLE,
            DROP_UNROUTABLE, DELIVER, DELIVER_NO_ACK, GET, GET_NO_ACK, GET_EMPTY, REDELIVER, ACK);
    static final Series.Columns VHOST_COLUMNS = new Series.Columns(PUBLISH, CONFIRM, RETURN_UNROUTABLE,
            DROP_UNROUTABLE, DELIVER, DELIVER_NO_ACK, GET, GET_NO_ACK, GET_EMPTY, REDELIVER, ACK, MESSAGES_READY,
            MESSAGES_UNACKNOWLEDGED);
    static final Series.Columns OVERALL_COLUMNS = new Series.Columns(PUBLISH, CONFIRM, RETURN_UNROUTABLE,
            DROP_UNROUTABLE, DELIVER, DELIVER_NO_ACK, GET, GET_NO_ACK, GET_EMPTY, REDELIVER, ACK, DISK_READS,
            DISK_WRITES, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED);

    /** Adds each group of {@code groups} that has a non-zero counter (every group when {@code always}). */
    static Map<String, Object> render(Series series, List<List<Field>> groups, boolean always, HistoryRange range,
                                      long now) {
        Map<String, Object> out = new TreeMap<>();
        if (series == null) {
            return out;
        }
        for (List<Field> group : groups) {
            if (always || active(series, group)) {
                for (Field field : group) {
                    series.render(out, field.key(), field.parts(), range, now);
                }
            }
        }
        return out;
    }

    private static boolean active(Series series, List<Field> group) {
        for (Field field : group) {
            for (Metric part : field.parts()) {
                if (series.value(part) != 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
