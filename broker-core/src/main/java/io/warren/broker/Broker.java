package io.warren.broker;

import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.definitions.MessageRecovery;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.flow.MemoryMonitor;
import io.warren.broker.queue.QueueResources;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.MessageStore;
import io.warren.store.StoreSettings;
import io.warren.broker.flow.MessageMemory;
import io.warren.broker.flow.ResourceAlarms;
import io.warren.broker.security.Permission;
import io.warren.broker.security.UserStore;
import io.warren.broker.spi.BrokerPlugin;
import io.warren.broker.spi.PluginContext;
import io.warren.broker.transport.AmqpListener;
import io.warren.broker.transport.NettyTransport;
import io.warren.broker.vhost.VirtualHostRegistry;
import io.warren.routing.ExchangeTypeRegistry;
import io.warren.broker.definitions.DefinitionsJournal;
import io.warren.broker.definitions.DefinitionsRecovery;
import io.warren.store.MetadataStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Warren node: its event loops, its AMQP listener and its plugins. Start one with
 * {@link #start}; {@link #close} shuts it down in reverse order.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    public static final String AMQP_LISTENER = "amqp";

    /** Where, under the data directory, durable definitions live. */
    static final String METADATA_DIR = "metadata";

    /** Where, under the data directory, persistent and paged-out messages live. */
    static final String MESSAGES_DIR = "messages";

    /** How long closing waits for the queues to let go of their messages. */
    private static final int QUEUE_STOP_SECONDS = 10;

    /** What clients are told when the broker stops, in RabbitMQ's words. */
    static final String SHUTDOWN_REASON = "broker forced connection closure with reason 'shutdown'";

    private final BrokerConfig config;
    private final NettyTransport transport;
    private final ResourceAlarms alarms;
    private final BrokerServices services;
    private final MetadataStore metadata;
    private final MessageStore messageStore;
    private final Map<String, InetSocketAddress> listeners = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<BrokerPlugin> startedPlugins = new ArrayList<>();
    private AmqpListener amqpListener;

    private Broker(BrokerConfig config) throws IOException {
        this.config = config;
        Path dataDir = config.get(CoreSettings.DATA_DIR).toAbsolutePath();
        this.metadata = MetadataStore.open(dataDir.resolve(METADATA_DIR));
        try {
            this.messageStore = MessageStore.open(dataDir.resolve(MESSAGES_DIR), storeSettings(config));
        } catch (IOException | RuntimeException e) {
            metadata.close();
            throw e;
        }
        logStoreRecovery(messageStore.recovery());
        this.transport = new NettyTransport(Runtime.getRuntime().availableProcessors());
        MessageMemory messages = new MessageMemory();
        // The partition watched is the data directory's, which MetadataStore.open has just created.
        DiskMonitor disk = DiskMonitor.start(dataDir,
                CoreSettings.diskFreeLimit(config, Runtime.getRuntime().maxMemory()));
        MemoryMonitor memory = MemoryMonitor.start(config.get(CoreSettings.VM_MEMORY_HIGH_WATERMARK), messages);
        this.alarms = new ResourceAlarms(memory, disk);
        // A backlog goes to disk well before the memory alarm would stop publishers.
        messages.pageAbove(memory.limitBytes() / 2);
        QueueResources queueResources = new QueueResources(messages, messageStore,
                config.get(CoreSettings.QUEUE_MESSAGES_IN_MEMORY));
        DefinitionsJournal journal = new DefinitionsJournal(metadata);
        UserStore users = new UserStore();
        users.listen(journal);
        VirtualHostRegistry vhosts = new VirtualHostRegistry(ExchangeTypeRegistry.load(),
                () -> transport.workers().next(), queueResources, journal);
        this.services = new BrokerServices(config, users, vhosts, alarms, journal, messageStore);
        services.policies().listen(journal);
        vhosts.onDelete(services.policies()::deleteVhost);
        boolean firstStart = metadata.isEmpty();
        if (!firstStart) {
            DefinitionsRecovery.Summary summary = DefinitionsRecovery.restore(metadata.entries(), users, vhosts,
                    services.policies());
            log.info("definitions restored from {}: {}{}", dataDir, summary.restored(),
                    summary.skipped() > 0 ? ", " + summary.skipped() + " skipped (see above)" : "");
        }
        MessageRecovery.Summary recovered = MessageRecovery.restore(messageStore, vhosts);
        if (recovered.messages() > 0 || recovered.orphanedMessages() > 0) {
            log.info("messages restored: {} in {} queue(s){}", recovered.messages(), recovered.queues(),
                    recovered.orphanedMessages() > 0 ? "; " + recovered.orphanedMessages()
                            + " of queues that no longer exist dropped" : "");
        }
        journal.startRecording();
        if (firstStart) {
            createDefaults(config, users, vhosts);
            journal.synced().join();
            log.info("first start in {}: created vhost '{}' and user '{}'", dataDir,
                    config.get(CoreSettings.DEFAULT_VHOST), config.get(CoreSettings.DEFAULT_USER));
        }
    }

    private static StoreSettings storeSettings(BrokerConfig config) {
        return new StoreSettings(Math.toIntExact(config.get(CoreSettings.MESSAGE_STORE_SEGMENT_SIZE)),
                "interval".equals(config.get(CoreSettings.MESSAGE_STORE_FSYNC))
                        ? StoreSettings.SyncPolicy.INTERVAL : StoreSettings.SyncPolicy.BATCH,
                config.get(CoreSettings.MESSAGE_STORE_FSYNC_INTERVAL));
    }

    private static void logStoreRecovery(MessageStore.Recovery r) {
        log.info("message store in {}: {} message(s) of {} queue(s) found in {} segment(s) in {} ms",
                r.segments() == 0 ? "a new directory" : "its segments", r.messages(), r.queues(), r.segments(),
                r.millis());
        if (r.damagedRegions() > 0 || r.tornBytes() > 0 || r.malformedRecords() > 0 || !r.ignoredFiles().isEmpty()) {
            log.warn("message store recovery skipped {} damaged region(s) ({} bytes), {} malformed record(s), "
                    + "cut {} torn bytes, ignored files {}", r.damagedRegions(), r.damagedBytes(),
                    r.malformedRecords(), r.tornBytes(), r.ignoredFiles());
        }
    }

    /** What a first start creates, as RabbitMQ: the default vhost, and the default user, administrator, with all rights on it. */
    private static void createDefaults(BrokerConfig config, UserStore users, VirtualHostRegistry vhosts) {
        String vhost = config.get(CoreSettings.DEFAULT_VHOST);
        vhosts.create(vhost);
        String user = config.get(CoreSettings.DEFAULT_USER);
        users.addUser(user, config.get(CoreSettings.DEFAULT_PASS), Set.of("administrator"));
        users.setPermission(user, vhost, Permission.all());
    }

    /** The plugins on the class path, as {@link ServiceLoader} finds them. */
    public static List<BrokerPlugin> discoverPlugins() {
        List<BrokerPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(BrokerPlugin.class).forEach(plugins::add);
        return plugins;
    }

    /** Binds the AMQP listener and starts {@code plugins}; on failure, undoes what it did and rethrows. */
    public static Broker start(BrokerConfig config, List<BrokerPlugin> plugins) throws Exception {
        Broker broker = new Broker(config);
        try {
            broker.services.statistics().start();
            broker.startListener();
            for (BrokerPlugin plugin : plugins) {
                plugin.start(broker.new Context());
                broker.startedPlugins.add(plugin);
            }
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    private void startListener() throws InterruptedException {
        amqpListener = AmqpListener.bind(transport, config.get(CoreSettings.AMQP_LISTENER),
                Math.max(config.get(CoreSettings.FRAME_MAX), 131072), () -> new AmqpConnection(services));
        listeners.put(AMQP_LISTENER, amqpListener.boundAddress());
        log.info("AMQP listener on {} ({} transport)", amqpListener.boundAddress(),
                transport.isNativeEpoll() ? "epoll" : "nio");
    }

    public BrokerConfig config() {
        return config;
    }

    /** Users, virtual hosts, connections: the broker's state, for plugins and tests. */
    public BrokerServices services() {
        return services;
    }

    /** The bound address of listener {@code name} ("amqp", "management", ...), or null. */
    public InetSocketAddress listener(String name) {
        return listeners.get(name);
    }

    public Map<String, InetSocketAddress> listeners() {
        synchronized (listeners) {
            return Map.copyOf(listeners);
        }
    }

    public int amqpPort() {
        return listener(AMQP_LISTENER).getPort();
    }

    @Override
    public void close() {
        for (int i = startedPlugins.size() - 1; i >= 0; i--) {
            BrokerPlugin plugin = startedPlugins.get(i);
            try {
                plugin.stop();
            } catch (RuntimeException e) {
                log.warn("plugin {} failed to stop cleanly", plugin.name(), e);
            }
        }
        startedPlugins.clear();
        if (amqpListener != null) {
            amqpListener.close();
            for (AmqpConnection connection : services.connections().all()) {
                connection.forceClose(SHUTDOWN_REASON);
            }
            // Give clients a moment to answer close-ok; the socket closes either way.
            amqpListener.connections().newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
            amqpListener.connections().close().awaitUninterruptibly();
        }
        stopQueues();
        services.statistics().close();
        transport.close();
        alarms.close();
        messageStore.close();
        metadata.close();
    }

    /**
     * Has every queue let go of what it holds in memory, and waits for it: a queue stops on its own
     * thread, which must still be running, and a stopped queue settles nothing more in the store.
     */
    private void stopQueues() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (VirtualHost vhost : services.vhosts().all()) {
            vhost.queues().forEach(queue -> stopping.add(queue.stop()));
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(QUEUE_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("{} of {} queue(s) did not stop within {} s", stopping.stream().filter(f -> !f.isDone()).count(),
                    stopping.size(), QUEUE_STOP_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("a queue failed to stop", e.getCause());
        }
    }

    private final class Context implements PluginContext {
        @Override
        public BrokerConfig config() {
            return config;
        }

        @Override
        public NettyTransport transport() {
            return transport;
        }

        @Override
        public String version() {
            return BrokerVersion.get();
        }

        @Override
        public BrokerServices services() {
            return services;
        }

        @Override
        public void registerListener(String name, InetSocketAddress boundAddress) {
            listeners.put(name, boundAddress);
        }

        @Override
        public Map<String, InetSocketAddress> listeners() {
            return Broker.this.listeners();
        }
    }
}
