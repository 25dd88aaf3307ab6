package io.warren.broker.transport;

import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's thread factory with daemon threads named {@code prefix-N}, so thread dumps read well. */
final class NamedThreadFactory extends DefaultThreadFactory {
    NamedThreadFactory(String prefix) {
        super(prefix, true);
    }
}
