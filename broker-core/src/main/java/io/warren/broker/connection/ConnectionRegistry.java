package io.warren.broker.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open AMQP connections, for shutdown, management and the memory alarm. */
public final class ConnectionRegistry {
    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();

    void add(AmqpConnection connection) {
        connections.add(connection);
    }

    void remove(AmqpConnection connection) {
        connections.remove(connection);
    }

    public List<AmqpConnection> all() {
        return new ArrayList<>(connections);
    }

    public int size() {
        return connections.size();
    }
}
