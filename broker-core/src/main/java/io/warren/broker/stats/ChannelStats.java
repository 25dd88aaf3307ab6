package io.warren.broker.stats;

import io.warren.broker.vhost.Exchange;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One channel's counters, written only by its connection's event loop: its own message counters,
 * and the {@code publish_in}/{@code publish_out} of each exchange it published to.
 *
 * <p>Exchanges are shared by every channel, so counting on the exchange itself would make all
 * publishers write one cache line. Instead each channel counts per exchange in slots of its own and
 * the sampler adds the channels up, as RabbitMQ's channels keep per-exchange figures that its
 * management database aggregates. When the channel closes, {@link BrokerStatistics} folds its figures
 * into the exchange's, connection's, vhost's and broker's retired totals, so nothing is lost.
 */
public final class ChannelStats {
    private final Object connection;
    private final String vhost;
    private final int number;
    private final MessageCounters counters = new MessageCounters();

    // Owner thread: finds the slot of an exchange; the last one is cached, as channels mostly publish
    // to one exchange. The index is made on the second exchange, so most channels never pay for it.
    private Map<Exchange, ExchangeSlot> slotIndex;
    private ExchangeSlot lastSlot;
    /** Every slot, for readers; replaced (copy on write) when the channel first publishes to an exchange. */
    private volatile ExchangeSlot[] slots = NO_SLOTS;
    private static final ExchangeSlot[] NO_SLOTS = new ExchangeSlot[0];
    boolean retired;

    /**
     * @param connection the connection the channel belongs to (whose figures include this channel's)
     * @param vhost the connection's virtual host
     */
    public ChannelStats(Object connection, String vhost, int number) {
        this.connection = connection;
        this.vhost = vhost;
        this.number = number;
    }

    public Object connection() {
        return connection;
    }

    public String vhost() {
        return vhost;
    }

    public int number() {
        return number;
    }

    /** The channel's own counters (publish, confirm, deliver, ...); owner thread writes. */
    public MessageCounters counters() {
        return counters;
    }

    /** A publish to {@code exchange} that reached {@code routedQueues} queues; owner thread only. */
    public void published(Exchange exchange, int routedQueues) {
        ExchangeSlot slot = lastSlot;
        if (slot == null || slot.exchange != exchange) {
            slot = slotFor(exchange);
            lastSlot = slot;
        }
        slot.add(1, routedQueues);
    }

    private ExchangeSlot slotFor(Exchange exchange) {
        ExchangeSlot[] current = slots;
        if (slotIndex == null && current.length > 0) {
            slotIndex = new IdentityHashMap<>();
            for (ExchangeSlot known : current) {
                slotIndex.put(known.exchange, known);
            }
        }
        ExchangeSlot slot = slotIndex == null ? null : slotIndex.get(exchange);
        if (slot == null) {
            slot = new ExchangeSlot(exchange);
            if (slotIndex != null) {
                slotIndex.put(exchange, slot);
            }
            ExchangeSlot[] grown = Arrays.copyOf(current, current.length + 1);
            grown[grown.length - 1] = slot;
            slots = grown;
        }
        return slot;
    }

    /** The per-exchange slots, for readers on any thread. */
    ExchangeSlot[] exchangeSlots() {
        return slots;
    }

    /**
     * {@code publish_in} and {@code publish_out} of one exchange, as counted by one channel: two
     * longs padded like {@link MessageCounters}' values, written by the channel's thread only.
     */
    static final class ExchangeSlot {
        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int IN = MessageCounters.PAD;
        private static final int OUT = MessageCounters.PAD + 1;

        final Exchange exchange;
        private final long[] values = new long[MessageCounters.PAD + 2 + MessageCounters.PAD];

        ExchangeSlot(Exchange exchange) {
            this.exchange = exchange;
        }

        void add(long publishedIn, long publishedOut) {
            SLOT.setOpaque(values, IN, values[IN] + publishedIn);
            SLOT.setOpaque(values, OUT, values[OUT] + publishedOut);
        }

        long in() {
            return (long) SLOT.getOpaque(values, IN);
        }

        long out() {
            return (long) SLOT.getOpaque(values, OUT);
        }
    }
}
