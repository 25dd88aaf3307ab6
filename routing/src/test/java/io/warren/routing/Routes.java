package io.warren.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helpers to collect what a table routes. */
final class Routes {
    private Routes() {
    }

    /** Every destination handed to the sink, duplicates kept. */
    static <D> List<D> all(BindingTable<D> table, String routingKey, Map<String, Object> headers) {
        List<D> out = new ArrayList<>();
        table.route(routingKey, headers, out::add);
        return out;
    }

    /** The distinct destinations handed to the sink. */
    static <D> Set<D> distinct(BindingTable<D> table, String routingKey, Map<String, Object> headers) {
        return new LinkedHashSet<>(all(table, routingKey, headers));
    }

    static <D> Set<D> distinct(BindingTable<D> table, String routingKey) {
        return distinct(table, routingKey, null);
    }
}
