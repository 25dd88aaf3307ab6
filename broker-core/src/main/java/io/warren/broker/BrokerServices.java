package io.warren.broker;

import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.definitions.DefinitionsJournal;
import io.warren.broker.flow.MemoryMonitor;
import io.warren.broker.flow.ResourceAlarms;
import io.warren.broker.policy.PolicyStore;
import io.warren.store.MessageStore;
import io.warren.broker.security.AccessControl;
import io.warren.broker.security.Authenticator;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.ResourceOperations;
import io.warren.broker.stats.BrokerStatistics;
import io.warren.broker.vhost.VirtualHostRegistry;

/**
 * What every connection needs from the broker: its settings, who the users are and what they may
 * do, the virtual hosts, the resource alarms and the list of open connections.
 */
public final class BrokerServices {
    private final BrokerConfig config;
    private final UserStore users;
    private final Authenticator authenticator;
    private final AccessControl accessControl;
    private final VirtualHostRegistry vhosts;
    private final ResourceAlarms alarms;
    private final DefinitionsJournal definitions;
    private final MessageStore messageStore;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final PolicyStore policies = new PolicyStore();
    private final ResourceOperations resourceOperations;
    private final BrokerStatistics statistics;

    public BrokerServices(BrokerConfig config, UserStore users, VirtualHostRegistry vhosts, ResourceAlarms alarms,
                          DefinitionsJournal definitions, MessageStore messageStore) {
        this.definitions = definitions;
        this.messageStore = messageStore;
        this.config = config;
        this.users = users;
        this.authenticator = new Authenticator(users);
        this.accessControl = new AccessControl(users);
        this.vhosts = vhosts;
        this.alarms = alarms;
        this.resourceOperations = new ResourceOperations(accessControl, vhosts.exchangeTypes());
        this.statistics = new BrokerStatistics(vhosts, connections, config.get(CoreSettings.COLLECT_STATISTICS_INTERVAL));
    }

    /** Declare, delete, bind and read access with RabbitMQ's checks, for AMQP channels and management alike. */
    public ResourceOperations resourceOperations() {
        return resourceOperations;
    }

    public BrokerConfig config() {
        return config;
    }

    public UserStore users() {
        return users;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public AccessControl accessControl() {
        return accessControl;
    }

    public VirtualHostRegistry vhosts() {
        return vhosts;
    }

    /** The memory and disk alarms, which block publishers. */
    public ResourceAlarms alarms() {
        return alarms;
    }

    public MemoryMonitor memory() {
        return alarms.memory();
    }

    /** Where durable definitions are kept; answer a client only once {@code synced()} completes. */
    public DefinitionsJournal definitions() {
        return definitions;
    }

    /** Where persistent messages go; null for a broker without one (some tests). */
    public MessageStore messageStore() {
        return messageStore;
    }

    /** The policies of every virtual host, and which one is in effect for a queue or an exchange. */
    public PolicyStore policies() {
        return policies;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /** Message counters, rates and history, as RabbitMQ's management shows them ({@code message_stats}). */
    public BrokerStatistics statistics() {
        return statistics;
    }

    public String nodeName() {
        return config.get(CoreSettings.NODE_NAME);
    }
}
