package io.warren.broker.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * AMQP heartbeats, as RabbitMQ runs them: every half interval, send one if nothing else was written;
 * every interval, look whether anything was read, and after two silent intervals in a row give the
 * peer up. The checks are timers on the connection's own thread, so writes and reads cost only a
 * flag, not a timestamp and a promise each.
 */
final class Heartbeats {
    private final ChannelHandlerContext ctx;
    private final OutboundWriter writer;
    private final int seconds;
    private final BooleanSupplier paused;
    private final Runnable onTimeout;
    private ScheduledFuture<?> sending;
    private ScheduledFuture<?> watching;
    private boolean readSinceLastLook = true;
    private int silentIntervals;

    /**
     * @param paused true while the connection deliberately does not read (blocked): the peer's
     *     heartbeats then wait in the socket, so silence means nothing (RabbitMQ pauses too)
     */
    Heartbeats(ChannelHandlerContext ctx, OutboundWriter writer, int seconds, BooleanSupplier paused,
               Runnable onTimeout) {
        this.ctx = ctx;
        this.writer = writer;
        this.seconds = seconds;
        this.paused = paused;
        this.onTimeout = onTimeout;
    }

    void start() {
        long half = seconds * 500L;
        sending = ctx.executor().scheduleAtFixedRate(this::send, half, half, TimeUnit.MILLISECONDS);
        watching = ctx.executor().scheduleAtFixedRate(this::watch, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Something arrived from the peer. */
    void read() {
        readSinceLastLook = true;
    }

    void stop() {
        if (sending != null) {
            sending.cancel(false);
            watching.cancel(false);
        }
    }

    private void send() {
        if (!writer.wroteSinceLastLook()) {
            writer.heartbeat();
        }
    }

    private void watch() {
        if (readSinceLastLook || paused.getAsBoolean()) {
            silentIntervals = 0;
        } else if (++silentIntervals >= 2) {
            stop();
            onTimeout.run();
        }
        readSinceLastLook = false;
    }
}
