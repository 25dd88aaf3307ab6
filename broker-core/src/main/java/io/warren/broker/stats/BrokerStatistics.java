package io.warren.broker.stats;

import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.broker.vhost.VirtualHostRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message statistics as RabbitMQ's management plugin shows them: {@code message_stats} with rates
 * per queue, exchange, channel, connection, virtual host and for the whole broker, and the history
 * of message rates and queue lengths for charts.
 *
 * <p>Design: counting costs the publish and delivery paths next to nothing. Queues count in
 * {@link MessageCounters} of their own on their own thread; channels count on their connection's
 * thread in {@link ChannelStats}, including the figures of the exchanges they publish to. Every
 * {@code collect_statistics_interval} (5 s, as RabbitMQ) the sampler adds those up per exchange,
 * connection, virtual host and broker, and records them in {@link Series}, which keep rates and
 * history. As in RabbitMQ, what the API shows is the latest sample, up to one interval old.
 *
 * <p>A channel that closes hands its figures to retired totals of its exchanges, connection, virtual
 * host and the broker, under the lock the sampler adds up under, so totals never go backwards.
 *
 * <p>History: the broker and each virtual host keep 10 minutes; queues, exchanges, channels and
 * connections keep 2 minutes, and only while their figures change (see {@link Series}).
 */
public final class BrokerStatistics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerStatistics.class);

    public static final long DEFAULT_INTERVAL_MILLIS = 5000;
    private static final long BROKER_HISTORY_MILLIS = 600_000;
    private static final long OBJECT_HISTORY_MILLIS = 120_000;

    private static final List<List<MessageStatsFormat.Field>> QUEUE_GROUPS =
            List.of(MessageStatsFormat.QUEUE_PUBLISHES, MessageStatsFormat.DELIVERIES);
    private static final List<List<MessageStatsFormat.Field>> CHANNEL_GROUPS =
            List.of(MessageStatsFormat.CHANNEL_PUBLISHES, MessageStatsFormat.DELIVERIES);
    private static final List<List<MessageStatsFormat.Field>> EXCHANGE_GROUPS =
            List.of(MessageStatsFormat.EXCHANGE);
    private static final List<List<MessageStatsFormat.Field>> OVERALL_GROUPS =
            List.of(MessageStatsFormat.CHANNEL_PUBLISHES, MessageStatsFormat.DELIVERIES, MessageStatsFormat.DISK);
    private static final List<List<MessageStatsFormat.Field>> LENGTH_GROUPS = List.of(MessageStatsFormat.LENGTHS);

    private final VirtualHostRegistry vhosts;
    private final ConnectionRegistry connections;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final int brokerCapacity;
    private final int objectCapacity;

    /** Guards the open channels and the retired totals, so that a closing channel is counted once. */
    private final Object lock = new Object();
    private final Set<ChannelStats> openChannels = new HashSet<>();
    private final Map<Object, long[]> retiredByConnection = new HashMap<>();
    private final Map<String, long[]> retiredByVhost = new HashMap<>();
    private final Map<Exchange, long[]> retiredByExchange = new HashMap<>();
    private final long[] retiredOverall = new long[Metric.COUNT];
    /** Disk reads and writes of queues deleted since (touched by the sampler only). */
    private final long[] retiredQueues = new long[Metric.COUNT];

    private final Map<MessageQueue, Series> queueSeries = new ConcurrentHashMap<>();
    private final Map<Exchange, Series> exchangeSeries = new ConcurrentHashMap<>();
    private final Map<ChannelStats, Series> channelSeries = new ConcurrentHashMap<>();
    private final Map<Object, Series> connectionSeries = new ConcurrentHashMap<>();
    private final Map<String, Series> vhostSeries = new ConcurrentHashMap<>();
    private final Series overall;
    private long lastSample;

    private ScheduledExecutorService sampler;

    public BrokerStatistics(VirtualHostRegistry vhosts, ConnectionRegistry connections, long intervalMillis) {
        this(vhosts, connections, intervalMillis, System::currentTimeMillis);
    }

    BrokerStatistics(VirtualHostRegistry vhosts, ConnectionRegistry connections, long intervalMillis,
                     LongSupplier clock) {
        this.vhosts = vhosts;
        this.connections = connections;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        this.brokerCapacity = (int) (BROKER_HISTORY_MILLIS / intervalMillis) + 1;
        this.objectCapacity = (int) (OBJECT_HISTORY_MILLIS / intervalMillis) + 1;
        this.overall = new Series(MessageStatsFormat.OVERALL_COLUMNS, brokerCapacity, 0);
    }

    /** Starts sampling every interval, on a thread of its own (never an event loop: it walks every queue). */
    public synchronized void start() {
        if (sampler == null) {
            sampler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "warren-stats");
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(this::sampleSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    // ---- what channels report ------------------------------------------------------------------

    /** A channel opened on {@code connection} in {@code vhost}; it counts in the returned object. */
    public ChannelStats channelOpened(Object connection, String vhost, int number) {
        ChannelStats stats = new ChannelStats(connection, vhost, number);
        synchronized (lock) {
            openChannels.add(stats);
        }
        return stats;
    }

    /** The channel closed: its figures move to the retired totals (once, however often called). */
    public void channelClosed(ChannelStats stats) {
        synchronized (lock) {
            if (stats.retired || !openChannels.remove(stats)) {
                return;
            }
            stats.retired = true;
            long[] figures = new long[Metric.COUNT];
            stats.counters().addTo(figures);
            add(retiredByConnection.computeIfAbsent(stats.connection(), c -> new long[Metric.COUNT]), figures);
            add(retiredByVhost.computeIfAbsent(stats.vhost(), v -> new long[Metric.COUNT]), figures);
            add(retiredOverall, figures);
            for (ChannelStats.ExchangeSlot slot : stats.exchangeSlots()) {
                if (!slot.exchange.isDeleted()) {
                    long[] exchange = retiredByExchange.computeIfAbsent(slot.exchange, x -> new long[Metric.COUNT]);
                    exchange[Metric.PUBLISH_IN.ordinal()] += slot.in();
                    exchange[Metric.PUBLISH_OUT.ordinal()] += slot.out();
                }
            }
        }
    }

    // ---- sampling ------------------------------------------------------------------------------

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("sampling message statistics failed", e);
        }
    }

    /**
     * Takes a sample now: what the API shows afterwards includes everything counted so far. The
     * sampler calls it every interval; tests call it to see their figures without waiting.
     */
    public synchronized void sample() {
        long now = clock.getAsLong();
        if (now <= lastSample) {
            now = lastSample + 1; // samples need distinct, increasing times
        }
        long previous = lastSample;
        long[] overallSample = new long[Metric.COUNT];
        Map<String, long[]> vhostSamples = new HashMap<>();
        sampleQueues(now, previous, overallSample, vhostSamples);
        sampleChannels(now, previous, overallSample, vhostSamples);
        for (Map.Entry<String, long[]> entry : vhostSamples.entrySet()) {
            vhostSeries.computeIfAbsent(entry.getKey(), v -> new Series(MessageStatsFormat.VHOST_COLUMNS,
                    brokerCapacity, 0)).record(now, entry.getValue());
        }
        vhostSeries.keySet().retainAll(vhostSamples.keySet());
        overall.record(now, overallSample);
        lastSample = now;
    }

    private void sampleQueues(long now, long previous, long[] overallSample, Map<String, long[]> vhostSamples) {
        long[] sample = new long[Metric.COUNT];
        for (VirtualHost vhost : vhosts.all()) {
            long[] vhostSample = vhostSamples.computeIfAbsent(vhost.name(), v -> new long[Metric.COUNT]);
            for (MessageQueue queue : vhost.queues()) {
                int ready = queue.messageCount();
                int unacked = queue.unacknowledgedCount();
                vhostSample[Metric.MESSAGES_READY.ordinal()] += ready;
                vhostSample[Metric.MESSAGES_UNACKNOWLEDGED.ordinal()] += unacked;
                MessageCounters counters = queue.counters();
                if (counters == null) {
                    continue; // never had traffic: no series, no cost
                }
                Arrays.fill(sample, 0);
                counters.addTo(sample);
                sample[Metric.MESSAGES_READY.ordinal()] = ready;
                sample[Metric.MESSAGES_UNACKNOWLEDGED.ordinal()] = unacked;
                queueSeries.computeIfAbsent(queue, q -> new Series(MessageStatsFormat.QUEUE_COLUMNS, objectCapacity,
                        previous)).record(now, sample);
            }
            overallSample[Metric.MESSAGES_READY.ordinal()] += vhostSample[Metric.MESSAGES_READY.ordinal()];
            overallSample[Metric.MESSAGES_UNACKNOWLEDGED.ordinal()] +=
                    vhostSample[Metric.MESSAGES_UNACKNOWLEDGED.ordinal()];
        }
        // Deleted queues leave their disk figures to the broker's total.
        queueSeries.keySet().removeIf(queue -> {
            if (!queue.isDeleted()) {
                return false;
            }
            retiredQueues[Metric.DISK_READS.ordinal()] += queue.counters().get(Metric.DISK_READS);
            retiredQueues[Metric.DISK_WRITES.ordinal()] += queue.counters().get(Metric.DISK_WRITES);
            return true;
        });
        long reads = retiredQueues[Metric.DISK_READS.ordinal()];
        long writes = retiredQueues[Metric.DISK_WRITES.ordinal()];
        for (MessageQueue queue : queueSeries.keySet()) {
            reads += queue.counters().get(Metric.DISK_READS);
            writes += queue.counters().get(Metric.DISK_WRITES);
        }
        overallSample[Metric.DISK_READS.ordinal()] = reads;
        overallSample[Metric.DISK_WRITES.ordinal()] = writes;
    }

    private void sampleChannels(long now, long previous, long[] overallSample, Map<String, long[]> vhostSamples) {
        Map<Object, long[]> byConnection = new HashMap<>();
        Map<Exchange, long[]> byExchange = new HashMap<>();
        Set<ChannelStats> seen = new HashSet<>();
        synchronized (lock) {
            for (ChannelStats channel : openChannels) {
                long[] figures = new long[Metric.COUNT];
                channel.counters().addTo(figures);
                if (isActive(figures)) {
                    channelSeries.computeIfAbsent(channel, c -> new Series(MessageStatsFormat.CHANNEL_COLUMNS,
                            objectCapacity, previous)).record(now, figures);
                    seen.add(channel);
                }
                add(byConnection.computeIfAbsent(channel.connection(), c -> new long[Metric.COUNT]), figures);
                add(vhostSamples.computeIfAbsent(channel.vhost(), v -> new long[Metric.COUNT]), figures);
                add(overallSample, figures);
                for (ChannelStats.ExchangeSlot slot : channel.exchangeSlots()) {
                    long[] exchange = byExchange.computeIfAbsent(slot.exchange, x -> new long[Metric.COUNT]);
                    exchange[Metric.PUBLISH_IN.ordinal()] += slot.in();
                    exchange[Metric.PUBLISH_OUT.ordinal()] += slot.out();
                }
            }
            Set<Object> open = new HashSet<>(connections.all());
            retiredByConnection.keySet().retainAll(open);
            retiredByConnection.forEach((connection, figures) ->
                    add(byConnection.computeIfAbsent(connection, c -> new long[Metric.COUNT]), figures));
            retiredByVhost.keySet().retainAll(vhostSamples.keySet());
            retiredByVhost.forEach((vhost, figures) -> add(vhostSamples.get(vhost), figures));
            add(overallSample, retiredOverall);
            retiredByExchange.keySet().removeIf(Exchange::isDeleted);
            retiredByExchange.forEach((exchange, figures) ->
                    add(byExchange.computeIfAbsent(exchange, x -> new long[Metric.COUNT]), figures));
        }
        channelSeries.keySet().retainAll(seen);
        byConnection.forEach((connection, figures) -> {
            if (isActive(figures)) {
                connectionSeries.computeIfAbsent(connection, c -> new Series(MessageStatsFormat.CHANNEL_COLUMNS,
                        objectCapacity, previous)).record(now, figures);
            }
        });
        connectionSeries.keySet().retainAll(byConnection.keySet());
        byExchange.keySet().removeIf(Exchange::isDeleted);
        byExchange.forEach((exchange, figures) -> exchangeSeries.computeIfAbsent(exchange,
                x -> new Series(MessageStatsFormat.EXCHANGE_COLUMNS, objectCapacity, previous)).record(now, figures));
        exchangeSeries.keySet().retainAll(byExchange.keySet());
    }

    private static boolean isActive(long[] figures) {
        for (long figure : figures) {
            if (figure != 0) {
                return true;
            }
        }
        return false;
    }

    private static void add(long[] into, long[] figures) {
        for (int i = 0; i < into.length; i++) {
            into[i] += figures[i];
        }
    }

    // ---- what the management API shows ---------------------------------------------------------

    /**
     * A queue's {@code message_stats}: {@code publish}, {@code deliver}, {@code deliver_no_ack},
     * {@code get}, {@code get_no_ack}, {@code get_empty}, {@code redeliver}, {@code ack},
     * {@code deliver_get}, each with {@code _details}. Empty for a queue without traffic (leave the
     * field out then, as RabbitMQ does).
     *
     * @param range the {@code msg_rates_age}/{@code msg_rates_incr} asked for, or null
     */
    public Map<String, Object> queue(MessageQueue queue, HistoryRange range) {
        return MessageStatsFormat.render(queueSeries.get(queue), QUEUE_GROUPS, false, range, clock.getAsLong());
    }

    /**
     * A queue's {@code messages_details}, {@code messages_ready_details} and
     * {@code messages_unacknowledged_details} (the counts themselves are the queue's live ones, which
     * the caller shows). Rates are zero for a queue that never had traffic.
     *
     * @param range the {@code lengths_age}/{@code lengths_incr} asked for, or null
     */
    public Map<String, Object> queueLengthDetails(MessageQueue queue, HistoryRange range) {
        Series series = queueSeries.get(queue);
        if (series == null) {
            series = new Series(MessageStatsFormat.QUEUE_COLUMNS, 0, 0);
            long[] sample = new long[Metric.COUNT];
            sample[Metric.MESSAGES_READY.ordinal()] = queue.messageCount();
            sample[Metric.MESSAGES_UNACKNOWLEDGED.ordinal()] = queue.unacknowledgedCount();
            series.record(clock.getAsLong(), sample);
        }
        Map<String, Object> all = MessageStatsFormat.render(series, LENGTH_GROUPS, true, range, clock.getAsLong());
        all.keySet().removeIf(key -> !key.endsWith("_details"));
        return all;
    }

    /** An exchange's {@code message_stats}: {@code publish_in} and {@code publish_out}; empty without traffic. */
    public Map<String, Object> exchange(Exchange exchange, HistoryRange range) {
        return MessageStatsFormat.render(exchangeSeries.get(exchange), EXCHANGE_GROUPS, false, range,
                clock.getAsLong());
    }

    /**
     * A channel's {@code message_stats}: {@code publish}, {@code confirm}, {@code return_unroutable},
     * {@code drop_unroutable} once it published, the delivery fields once it consumed or got.
     *
     * @param channel what the channel's {@code stats()} returns
     */
    public Map<String, Object> channel(ChannelStats channel, HistoryRange range) {
        return MessageStatsFormat.render(channelSeries.get(channel), CHANNEL_GROUPS, false, range, clock.getAsLong());
    }

    /**
     * A connection's figures: the sum of its channels, closed ones included. RabbitMQ shows no
     * {@code message_stats} on connections; this is Warren's addition, in the channels' shape.
     */
    public Map<String, Object> connection(Object connection, HistoryRange range) {
        return MessageStatsFormat.render(connectionSeries.get(connection), CHANNEL_GROUPS, false, range,
                clock.getAsLong());
    }

    /** A virtual host's {@code message_stats}: the channel fields summed over its connections, closed ones included. */
    public Map<String, Object> vhost(String vhost, HistoryRange range) {
        return MessageStatsFormat.render(vhostSeries.get(vhost), CHANNEL_GROUPS, false, range, clock.getAsLong());
    }

    /**
     * A virtual host's {@code messages}, {@code messages_ready}, {@code messages_unacknowledged} and
     * their {@code _details}, summed over its queues as of the latest sample.
     */
    public Map<String, Object> vhostQueueTotals(String vhost, HistoryRange range) {
        Series series = vhostSeries.get(vhost);
        if (series == null) {
            series = new Series(MessageStatsFormat.VHOST_COLUMNS, 0, 0);
        }
        return MessageStatsFormat.render(series, LENGTH_GROUPS, true, range, clock.getAsLong());
    }

    /** {@code /api/overview}'s {@code message_stats}: every field, zero or not, plus {@code disk_reads} and {@code disk_writes}. */
    public Map<String, Object> overall(HistoryRange range) {
        return MessageStatsFormat.render(overall, OVERALL_GROUPS, true, range, clock.getAsLong());
    }

    /** {@code /api/overview}'s {@code queue_totals}: messages, ready and unacknowledged over all queues, with details. */
    public Map<String, Object> queueTotals(HistoryRange range) {
        return MessageStatsFormat.render(overall, LENGTH_GROUPS, true, range, clock.getAsLong());
    }

    // ---- raw figures, for the Prometheus endpoint -----------------------------------------------

    /** The counters of every open channel (each knows its connection and number). */
    public List<ChannelStats> openChannelStats() {
        synchronized (lock) {
            return List.copyOf(openChannels);
        }
    }

    /** Channels open right now. */
    public int openChannels() {
        synchronized (lock) {
            return openChannels.size();
        }
    }

    /** The broker-wide value of {@code metric} as of the latest sample (counters never go backwards). */
    public long overallValue(Metric metric) {
        return overall.value(metric);
    }

    /** An exchange's value of {@code metric} ({@code PUBLISH_IN}, {@code PUBLISH_OUT}) as of the latest sample. */
    public long exchangeValue(Exchange exchange, Metric metric) {
        Series series = exchangeSeries.get(exchange);
        return series == null ? 0 : series.value(metric);
    }

    /** Queues with history allocated right now (for tests of the memory bound). */
    int queuesWithHistory() {
        int count = 0;
        for (Series series : queueSeries.values()) {
            if (series.hasHistory()) {
                count++;
            }
        }
        return count;
    }

    Series queueSeries(MessageQueue queue) {
        return queueSeries.get(queue);
    }
}
