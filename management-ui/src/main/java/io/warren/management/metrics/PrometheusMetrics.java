package io.warren.management.metrics;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.warren.broker.BrokerServices;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.flow.MemoryMonitor;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.stats.BrokerStatistics;
import io.warren.broker.stats.MessageCounters;
import io.warren.broker.stats.Metric;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.MessageStore;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /metrics} shows, in Prometheus' text format: the names of RabbitMQ's
 * {@code rabbitmq_prometheus} plugin where RabbitMQ has the metric (aggregated mode: per-queue
 * depths and counters, broker-wide channel counters), {@code warren_} ones for the rest (JVM and
 * Netty memory, the message store, exchanges).
 *
 * <p>Counters come from the statistics' latest sample (at most {@code collect_statistics_interval}
 * old), except per-queue ones, read live from the queues' own counters; depths are live.
 */
public final class PrometheusMetrics {
    /** RabbitMQ's content type for the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final BrokerServices services;
    private final String version;

    public PrometheusMetrics(BrokerServices services, String version) {
        this.services = services;
        this.version = version;
    }

    /** Where the management listener serves them, as RabbitMQ's Prometheus plugin does. */
    public static final String PATH = "/metrics";

    /** Every metric, in the text exposition format. */
    public byte[] render() {
        ExpositionWriter writer = new ExpositionWriter();
        write(writer);
        return java.util.Arrays.copyOf(writer.array(), writer.length());
    }

    private void write(ExpositionWriter w) {
        List<QueueRow> queues = queues();
        writeTotals(w, queues);
        writeQueues(w, queues);
        writeChannelCounters(w);
        writeExchanges(w);
        writeResources(w);
        w.family("warren_build_info", "gauge", "Warren version")
                .sample("warren_build_info", ExpositionWriter.labels("version", version), 1);
    }

    /** A queue with its labels rendered once for every family. */
    private record QueueRow(MessageQueue queue, byte[] labels) {
    }

    private List<QueueRow> queues() {
        List<QueueRow> rows = new ArrayList<>();
        for (VirtualHost vhost : services.vhosts().all()) {
            for (MessageQueue queue : vhost.queues()) {
                if (!queue.isDeleted()) {
                    rows.add(new QueueRow(queue, ExpositionWriter.labels("vhost", vhost.name(), "queue", queue.name())));
                }
            }
        }
        return rows;
    }

    private void writeTotals(ExpositionWriter w, List<QueueRow> queues) {
        long consumers = 0;
        for (QueueRow row : queues) {
            consumers += row.queue().consumerCount();
        }
        w.family("rabbitmq_connections", "gauge", "Connections currently open")
                .sample("rabbitmq_connections", services.connections().size());
        w.family("rabbitmq_channels", "gauge", "Channels currently open")
                .sample("rabbitmq_channels", services.statistics().openChannels());
        w.family("rabbitmq_consumers", "gauge", "Consumers currently connected")
                .sample("rabbitmq_consumers", consumers);
        w.family("rabbitmq_queues", "gauge", "Queues available")
                .sample("rabbitmq_queues", queues.size());
    }

    private void writeQueues(ExpositionWriter w, List<QueueRow> queues) {
        w.family("rabbitmq_queue_messages_ready", "gauge", "Messages ready to be delivered to consumers");
        for (QueueRow row : queues) {
            w.sample("rabbitmq_queue_messages_ready", row.labels(), row.queue().messageCount());
        }
        w.family("rabbitmq_queue_messages_unacked", "gauge", "Messages delivered to consumers but not yet acknowledged");
        for (QueueRow row : queues) {
            w.sample("rabbitmq_queue_messages_unacked", row.labels(), row.queue().unacknowledgedCount());
        }
        w.family("rabbitmq_queue_messages", "gauge", "Sum of ready and unacknowledged messages - total queue depth");
        for (QueueRow row : queues) {
            w.sample("rabbitmq_queue_messages", row.labels(),
                    (long) row.queue().messageCount() + row.queue().unacknowledgedCount());
        }
        w.family("rabbitmq_queue_consumers", "gauge", "Consumers on a queue");
        for (QueueRow row : queues) {
            w.sample("rabbitmq_queue_consumers", row.labels(), row.queue().consumerCount());
        }
        queueCounter(w, queues, "rabbitmq_queue_messages_published_total", "Total number of messages published to queues",
                Metric.PUBLISH);
        queueCounter(w, queues, "rabbitmq_queue_disk_reads_total", "Total number of times queue read messages from disk",
                Metric.DISK_READS);
        queueCounter(w, queues, "rabbitmq_queue_disk_writes_total", "Total number of times queue wrote messages to disk",
                Metric.DISK_WRITES);
        queueCounter(w, queues, "warren_queue_messages_delivered_total",
                "Total number of messages delivered to consumers or fetched with basic.get, with or without "
                        + "acknowledgement", Metric.DELIVER, Metric.DELIVER_NO_ACK, Metric.GET, Metric.GET_NO_ACK);
        queueCounter(w, queues, "warren_queue_messages_redelivered_total",
                "Total number of messages redelivered to consumers", Metric.REDELIVER);
        queueCounter(w, queues, "warren_queue_messages_acked_total",
                "Total number of messages acknowledged by consumers", Metric.ACK);
    }

    private static void queueCounter(ExpositionWriter w, List<QueueRow> queues, String name, String help,
                                     Metric... parts) {
        w.family(name, "counter", help);
        for (QueueRow row : queues) {
            MessageCounters counters = row.queue().counters();
            long value = 0;
            if (counters != null) {
                for (Metric part : parts) {
                    value += counters.get(part);
                }
            }
            w.sample(name, row.labels(), value);
        }
    }

    private void writeChannelCounters(ExpositionWriter w) {
        BrokerStatistics stats = services.statistics();
        channelCounter(w, stats, "rabbitmq_channel_messages_published_total",
                "Total number of messages published into an exchange on a channel", Metric.PUBLISH);
        channelCounter(w, stats, "rabbitmq_channel_messages_confirmed_total",
                "Total number of messages published into an exchange and confirmed on the channel", Metric.CONFIRM);
        channelCounter(w, stats, "rabbitmq_channel_messages_unroutable_returned_total",
                "Total number of messages published as mandatory into an exchange and returned to the publisher as "
                        + "unroutable", Metric.RETURN_UNROUTABLE);
        channelCounter(w, stats, "rabbitmq_channel_messages_unroutable_dropped_total",
                "Total number of messages published as non-mandatory into an exchange and dropped as unroutable",
                Metric.DROP_UNROUTABLE);
        channelCounter(w, stats, "rabbitmq_channel_messages_delivered_total",
                "Total number of messages delivered to consumers in automatic acknowledgement mode",
                Metric.DELIVER_NO_ACK);
        channelCounter(w, stats, "rabbitmq_channel_messages_delivered_ack_total",
                "Total number of messages delivered to consumers in manual acknowledgement mode", Metric.DELIVER);
        channelCounter(w, stats, "rabbitmq_channel_get_total",
                "Total number of messages fetched with basic.get in automatic acknowledgement mode", Metric.GET_NO_ACK);
        channelCounter(w, stats, "rabbitmq_channel_get_ack_total",
                "Total number of messages fetched with basic.get in manual acknowledgement mode", Metric.GET);
        channelCounter(w, stats, "rabbitmq_channel_get_empty_total",
                "Total number of times basic.get operations fetched no message", Metric.GET_EMPTY);
        channelCounter(w, stats, "rabbitmq_channel_messages_redelivered_total",
                "Total number of messages redelivered to consumers", Metric.REDELIVER);
        channelCounter(w, stats, "rabbitmq_channel_messages_acked_total",
                "Total number of messages acknowledged by consumers", Metric.ACK);
    }

    private static void channelCounter(ExpositionWriter w, BrokerStatistics stats, String name, String help,
                                       Metric metric) {
        w.family(name, "counter", help).sample(name, stats.overallValue(metric));
    }

    private void writeExchanges(ExpositionWriter w) {
        List<Exchange> exchanges = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        for (VirtualHost vhost : services.vhosts().all()) {
            for (Exchange exchange : vhost.exchanges()) {
                exchanges.add(exchange);
                labels.add(ExpositionWriter.labels("vhost", vhost.name(), "exchange", exchange.name()));
            }
        }
        BrokerStatistics stats = services.statistics();
        w.family("warren_exchange_messages_published_in_total", "counter",
                "Total number of messages published into an exchange");
        for (int i = 0; i < exchanges.size(); i++) {
            w.sample("warren_exchange_messages_published_in_total", labels.get(i),
                    stats.exchangeValue(exchanges.get(i), Metric.PUBLISH_IN));
        }
        w.family("warren_exchange_messages_published_out_total", "counter",
                "Total number of message copies an exchange routed to queues");
        for (int i = 0; i < exchanges.size(); i++) {
            w.sample("warren_exchange_messages_published_out_total", labels.get(i),
                    stats.exchangeValue(exchanges.get(i), Metric.PUBLISH_OUT));
        }
    }

    private void writeResources(ExpositionWriter w) {
        MemoryMonitor memory = services.memory();
        DiskMonitor disk = services.alarms().disk();
        Runtime runtime = Runtime.getRuntime();
        w.family("rabbitmq_alarms_memory_used_watermark", "gauge",
                "is 1 if VM memory watermark alarm is in effect")
                .sample("rabbitmq_alarms_memory_used_watermark", memory.isAlarmed() ? 1 : 0);
        w.family("rabbitmq_alarms_free_disk_space_watermark", "gauge",
                "is 1 if free disk space watermark alarm is in effect")
                .sample("rabbitmq_alarms_free_disk_space_watermark", disk.isAlarmed() ? 1 : 0);
        w.family("rabbitmq_resident_memory_limit_bytes", "gauge", "Memory high watermark in bytes")
                .sample("rabbitmq_resident_memory_limit_bytes", memory.limitBytes());
        w.family("rabbitmq_disk_space_available_bytes", "gauge", "Disk space available in bytes")
                .sample("rabbitmq_disk_space_available_bytes", disk.freeBytes());
        w.family("rabbitmq_disk_space_available_limit_bytes", "gauge", "Free disk space low watermark in bytes")
                .sample("rabbitmq_disk_space_available_limit_bytes", disk.limitBytes());
        w.family("warren_queued_messages_memory_bytes", "gauge",
                "Memory held by queued messages, as the memory alarm counts it")
                .sample("warren_queued_messages_memory_bytes", memory.usedBytes());
        w.family("warren_jvm_heap_used_bytes", "gauge", "JVM heap in use")
                .sample("warren_jvm_heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
        w.family("warren_jvm_heap_max_bytes", "gauge", "JVM maximum heap")
                .sample("warren_jvm_heap_max_bytes", runtime.maxMemory());
        w.family("warren_jvm_direct_buffers_bytes", "gauge", "JVM direct buffers in use (java.nio)")
                .sample("warren_jvm_direct_buffers_bytes", jvmDirectBytes());
        long netty = nettyDirectBytes();
        if (netty >= 0) {
            w.family("warren_netty_direct_memory_bytes", "gauge", "Direct memory Netty has allocated")
                    .sample("warren_netty_direct_memory_bytes", netty);
        }
        MessageStore store = services.messageStore();
        if (store != null) {
            w.family("warren_message_store_disk_bytes", "gauge", "Size of the message store's segment files on disk")
                    .sample("warren_message_store_disk_bytes", store.diskBytes());
        }
    }

    private static long jvmDirectBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    /** Netty's own count when it tracks direct memory itself, else its default allocator's. */
    private static long nettyDirectBytes() {
        long used = PlatformDependent.usedDirectMemory();
        if (used < 0 && ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            used = provider.metric().usedDirectMemory();
        }
        return used;
    }
}
