package io.warren.broker.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The settings broker-core itself reads. Keys and meanings follow {@code rabbitmq.conf} where
 * RabbitMQ has the setting; {@code data_dir} and {@code node_name} are Warren's own (RabbitMQ sets
 * those through environment variables).
 */
public final class CoreSettings {
    private CoreSettings() {
    }

    public static final ConfigKey<Listener> AMQP_LISTENER = ConfigKey.of("listeners.tcp.default",
            Listener::parse, new Listener(null, 5672), "a port 0-65535 or host:port (0 picks a free port)",
            "where AMQP clients connect");

    public static final ConfigKey<Path> DATA_DIR = ConfigKey.of("data_dir", ValueParsers::path,
            Path.of("warren-data"), "a directory path", "where durable state lives");

    public static final ConfigKey<String> NODE_NAME = ConfigKey.of("node_name", ValueParsers::nonEmpty,
            "warren@localhost", "a non-empty name", "this node's name, as shown to clients and the cluster");

    public static final ConfigKey<String> DEFAULT_USER = ConfigKey.of("default_user", ValueParsers::nonEmpty,
            "guest", "a non-empty user name", "the user created on first start");

    public static final ConfigKey<String> DEFAULT_PASS = ConfigKey.of("default_pass", ValueParsers::nonEmpty,
            "guest", "a non-empty password", "the password of the user created on first start");

    public static final ConfigKey<String> DEFAULT_VHOST = ConfigKey.of("default_vhost", ValueParsers::nonEmpty,
            "/", "a virtual host name", "the virtual host created on first start");

    public static final ConfigKey<Double> VM_MEMORY_HIGH_WATERMARK = ConfigKey.of(
            "vm_memory_high_watermark.relative", ValueParsers.fraction(0.0, 1.0), 0.4,
            "a fraction above 0 and at most 1, e.g. 0.4",
            "share of the maximum heap that queued messages may hold before publishers are blocked");

    /** RabbitMQ's {@code disk_free_limit.absolute}: free space on the data directory's partition, in bytes. */
    public static final ConfigKey<Long> DISK_FREE_LIMIT_ABSOLUTE = ConfigKey.of("disk_free_limit.absolute",
            ValueParsers::byteSize, 50_000_000L,
            "bytes, or a size such as 2GB, 500MB, 1GiB or 512M (kB, MB, GB: powers of 1000; KiB, MiB, GiB, k, M, G: of 1024)",
            "free disk space below which publishers are blocked");

    /**
     * RabbitMQ's {@code disk_free_limit.relative}, a multiple of installed RAM there; Warren has no
     * reliable view of RAM from the JVM, so it is a multiple of the maximum heap here. Unset by
     * default; when both are set, {@link #DISK_FREE_LIMIT_ABSOLUTE} wins, as in RabbitMQ.
     */
    public static final ConfigKey<Double> DISK_FREE_LIMIT_RELATIVE = ConfigKey.of("disk_free_limit.relative",
            ValueParsers.fraction(0.0, 100.0), null, "a number above 0, at most 100, e.g. 1.5",
            "free disk space below which publishers are blocked, as a multiple of the maximum heap");

    public static final ConfigKey<Integer> HEARTBEAT = ConfigKey.of("heartbeat", ValueParsers.intRange(0, 65535),
            60, "seconds, 0-65535 (0 disables heartbeats)", "the heartbeat interval the server proposes");

    public static final ConfigKey<Integer> FRAME_MAX = ConfigKey.of("frame_max",
            ValueParsers.intRange(4096, Integer.MAX_VALUE), 131072, "bytes, at least 4096",
            "the largest frame the server accepts");

    public static final ConfigKey<Integer> CHANNEL_MAX = ConfigKey.of("channel_max", ValueParsers.intRange(0, 65535),
            2047, "0-65535 (0 means 65535)", "the most channels one connection may open");

    public static final ConfigKey<Long> MAX_MESSAGE_SIZE = ConfigKey.of("max_message_size",
            ValueParsers.longRange(1, 536870912), 134217728L, "bytes, 1-536870912",
            "the largest message body accepted");

    public static final ConfigKey<Integer> HANDSHAKE_TIMEOUT = ConfigKey.of("handshake_timeout",
            ValueParsers.intRange(100, 3_600_000), 10000, "milliseconds, 100-3600000",
            "how long a client may take to complete the AMQP handshake");

    /**
     * Users who may only connect from a loopback address, as in RabbitMQ: by default {@code guest}.
     * The file says {@code loopback_users = none} or {@code loopback_users.<user> = true|false};
     * see {@link LoopbackUsers}.
     */
    public static final ConfigKey<Set<String>> LOOPBACK_USERS = ConfigKey.of("loopback_users",
            LoopbackUsers::parse, Set.of("guest"),
            "none, or loopback_users.<user> = true|false per user",
            "users who may only connect from localhost");

    public static final ConfigKey<Long> MESSAGE_STORE_SEGMENT_SIZE = ConfigKey.of("message_store.segment_size",
            ValueParsers.byteSize(64 * 1024, 1024L * 1024 * 1024), 32L * 1024 * 1024,
            "a size from 64KiB to 1GiB, e.g. 32MiB",
            "the size of the message store's segment files; drained segments are deleted whole");

    public static final ConfigKey<String> MESSAGE_STORE_FSYNC = ConfigKey.of("message_store.fsync",
            ValueParsers.oneOf("batch", "interval"), "batch",
            "batch (confirm after the fsync that covers it) or interval (confirm once written, fsync every interval)",
            "when persistent messages are forced to disk");

    public static final ConfigKey<Integer> MESSAGE_STORE_FSYNC_INTERVAL = ConfigKey.of("message_store.fsync_interval",
            ValueParsers.intRange(1, 60_000), 200, "milliseconds, 1-60000",
            "with fsync = interval, the longest a written message waits for its fsync");

    public static final ConfigKey<Integer> QUEUE_MESSAGES_IN_MEMORY = ConfigKey.of("queue_messages_in_memory",
            ValueParsers.intRange(1, Integer.MAX_VALUE), 16384, "a count, at least 1",
            "messages a queue keeps in memory before it pages newer ones to disk");

    /** RabbitMQ's {@code collect_statistics_interval}: how often message rates and queue lengths are sampled. */
    public static final ConfigKey<Long> COLLECT_STATISTICS_INTERVAL = ConfigKey.of("collect_statistics_interval",
            ValueParsers.longRange(100, 3_600_000), 5000L, "milliseconds, 100-3600000",
            "how often message statistics are sampled into rates and history");

    /**
     * The free disk space limit in bytes: {@code disk_free_limit.absolute} when set, else
     * {@code disk_free_limit.relative} times {@code maxHeapBytes} when that is set, else the
     * absolute default (50 MB, RabbitMQ's).
     */
    public static long diskFreeLimit(BrokerConfig config, long maxHeapBytes) {
        if (!config.isSet(DISK_FREE_LIMIT_ABSOLUTE) && config.isSet(DISK_FREE_LIMIT_RELATIVE)) {
            return (long) (config.get(DISK_FREE_LIMIT_RELATIVE) * maxHeapBytes);
        }
        return config.get(DISK_FREE_LIMIT_ABSOLUTE);
    }

    /** Every key broker-core reads, for the strict configuration parser. */
    public static List<ConfigKey<?>> all() {
        return List.of(AMQP_LISTENER, DATA_DIR, NODE_NAME, DEFAULT_USER, DEFAULT_PASS, DEFAULT_VHOST,
                LOOPBACK_USERS, VM_MEMORY_HIGH_WATERMARK, DISK_FREE_LIMIT_ABSOLUTE, DISK_FREE_LIMIT_RELATIVE,
                HEARTBEAT, FRAME_MAX, CHANNEL_MAX, MAX_MESSAGE_SIZE, HANDSHAKE_TIMEOUT, MESSAGE_STORE_SEGMENT_SIZE,
                MESSAGE_STORE_FSYNC, MESSAGE_STORE_FSYNC_INTERVAL, QUEUE_MESSAGES_IN_MEMORY, COLLECT_STATISTICS_INTERVAL);
    }
}
