package io.warren.broker.vhost;

import io.warren.broker.Resource;
import io.warren.routing.BindingTable;
import io.warren.routing.ExchangeType;
import java.util.Map;

/**
 * An exchange of a virtual host: its declared properties and its bindings, matched by its
 * {@link ExchangeType}. The virtual host, not the exchange, follows exchange-to-exchange bindings
 * and alternate exchanges.
 */
public final class Exchange {
    public static final String ALTERNATE_EXCHANGE_ARG = "alternate-exchange";

    private final String vhost;
    private final String name;
    private final ExchangeType type;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final Map<String, Object> arguments;
    private final BindingTable<Destination> bindings;
    private volatile boolean deleted;

    Exchange(String vhost, String name, ExchangeType type, boolean durable, boolean autoDelete, boolean internal,
             Map<String, Object> arguments) {
        this.vhost = vhost;
        this.name = name;
        this.type = type;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.internal = internal;
        this.arguments = arguments == null ? Map.of() : arguments;
        this.bindings = type.newBindingTable();
    }

    public String vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public ExchangeType type() {
        return type;
    }

    public boolean isDurable() {
        return durable;
    }

    public boolean isAutoDelete() {
        return autoDelete;
    }

    public boolean isInternal() {
        return internal;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    /** The name of the alternate exchange from the {@code alternate-exchange} argument, or null. */
    public String alternateExchange() {
        Object value = arguments.get(ALTERNATE_EXCHANGE_ARG);
        return value instanceof String s ? s : null;
    }

    /** The default exchange ({@code ""}): every queue is bound to it by its own name. */
    public boolean isDefault() {
        return name.isEmpty();
    }

    public BindingTable<Destination> bindings() {
        return bindings;
    }

    public boolean isDeleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    public Resource resource() {
        return Resource.exchange(vhost, name);
    }

    @Override
    public String toString() {
        return resource().toString();
    }
}
