package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Connection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a Java client connection is told about resource alarms, in order: {@code "blocked: <reason>"}
 * for {@code connection.blocked} and {@code "unblocked"} for {@code connection.unblocked}.
 */
final class BlockedEvents implements BlockedListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    static BlockedEvents on(Connection connection) {
        BlockedEvents events = new BlockedEvents();
        connection.addBlockedListener(events);
        return events;
    }

    @Override
    public void handleBlocked(String reason) {
        events.add("blocked: " + reason);
    }

    @Override
    public void handleUnblocked() {
        events.add("unblocked");
    }

    /** The next event, failing if none comes within 5 s. */
    String next() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("a connection.blocked or connection.unblocked within 5 s").isNotNull();
        return event;
    }

    /** Fails if any event comes within {@code millis}. */
    void expectNoneFor(long millis) throws InterruptedException {
        assertThat(events.poll(millis, TimeUnit.MILLISECONDS)).as("no further blocked/unblocked").isNull();
    }
}
