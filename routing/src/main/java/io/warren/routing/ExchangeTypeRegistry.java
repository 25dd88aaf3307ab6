package io.warren.routing;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The exchange types a broker knows by name: the four built-ins plus every {@link ExchangeType}
 * that {@link ServiceLoader} finds under {@code META-INF/services/io.warren.routing.ExchangeType},
 * as RabbitMQ's exchange types register in {@code rabbit_registry} at boot. Immutable once loaded.
 */
public final class ExchangeTypeRegistry {
    /*
     * Design: the built-ins are listed in this module's own service file too, but are also added by
     * hand so that a jar whose service files were merged badly still routes. Two different classes
     * claiming one name is a packaging mistake that must stop the broker at start, not a silent
     * choice of one of them.
     */
    private final Map<String, ExchangeType> types;

    private ExchangeTypeRegistry(Map<String, ExchangeType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** Built-ins plus the plugins visible to the thread's context class loader. */
    public static ExchangeTypeRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    /** Built-ins plus the plugins visible to {@code classLoader} (for example the plugins directory's). */
    public static ExchangeTypeRegistry load(ClassLoader classLoader) {
        Map<String, ExchangeType> types = new LinkedHashMap<>();
        for (ExchangeType builtIn : builtIns()) {
            register(types, builtIn);
        }
        for (ExchangeType found : ServiceLoader.load(ExchangeType.class, classLoader)) {
            register(types, found);
        }
        return new ExchangeTypeRegistry(types);
    }

    /** The built-ins plus exactly {@code extra}, without looking for plugins; for tests and embedding. */
    public static ExchangeTypeRegistry of(Collection<? extends ExchangeType> extra) {
        Map<String, ExchangeType> types = new LinkedHashMap<>();
        for (ExchangeType builtIn : builtIns()) {
            register(types, builtIn);
        }
        for (ExchangeType type : extra) {
            register(types, type);
        }
        return new ExchangeTypeRegistry(types);
    }

    /** The type called {@code name}, if any. */
    public Optional<ExchangeType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Every known name, built-ins first. */
    public Set<String> names() {
        return types.keySet();
    }

    /** Every known type, built-ins first. */
    public Collection<ExchangeType> types() {
        return types.values();
    }

    private static List<ExchangeType> builtIns() {
        return List.of(new DirectExchangeType(), new FanoutExchangeType(), new TopicExchangeType(),
                new HeadersExchangeType());
    }

    private static void register(Map<String, ExchangeType> types, ExchangeType type) {
        String name = type.name();
        ExchangeType existing = types.get(name);
        if (existing == null) {
            types.put(name, type);
        } else if (existing.getClass() != type.getClass()) {
            throw new IllegalStateException("exchange type '" + name + "' is provided by both "
                    + existing.getClass().getName() + " and " + type.getClass().getName());
        }
    }
}
