/**
 * Exchange types as pure matching: {@link io.warren.routing.ExchangeType} and its
 * {@link io.warren.routing.BindingTable}s for {@code direct}, {@code fanout}, {@code topic} and
 * {@code headers}, found through {@link io.warren.routing.ExchangeTypeRegistry}. Knows nothing of
 * connections, queues or the broker: destinations are whatever objects the broker binds.
 */
package io.warren.routing;
