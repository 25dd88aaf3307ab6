package io.warren.broker.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.frame.FrameDecoder;
import io.warren.amqp.frame.FrameEncoder;
import io.warren.amqp.frame.HeartbeatFrame;
import io.warren.amqp.frame.MethodFrame;
import io.warren.amqp.frame.ProtocolError;
import io.warren.amqp.frame.ProtocolHeader;
import io.warren.amqp.frame.UnsupportedProtocol;
import io.warren.amqp.method.ChannelOpen;
import io.warren.amqp.method.ChannelOpenOk;
import io.warren.amqp.method.ConnectionBlocked;
import io.warren.amqp.method.ConnectionClose;
import io.warren.amqp.method.ConnectionCloseOk;
import io.warren.amqp.method.ConnectionOpen;
import io.warren.amqp.method.ConnectionOpenOk;
import io.warren.amqp.method.ConnectionStartOk;
import io.warren.amqp.method.ConnectionTune;
import io.warren.amqp.method.ConnectionTuneOk;
import io.warren.amqp.method.ConnectionUnblocked;
import io.warren.amqp.method.ConnectionUpdateSecret;
import io.warren.amqp.method.ConnectionUpdateSecretOk;
import io.warren.amqp.method.Method;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.channel.AmqpChannel;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.flow.PublisherFlow;
import io.warren.broker.flow.ResourceAlarms;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.User;
import io.warren.broker.util.Mailbox;
import io.warren.broker.vhost.VirtualHost;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection: the handshake, the table of channels, heartbeats, flow control and the
 * close handshakes, as RabbitMQ's reader runs them. Everything here runs on the connection's event
 * loop; queues reach it through its {@link Mailbox}, whose batches end with one socket flush, as do
 * the socket's read batches.
 */
public final class AmqpConnection extends ChannelInboundHandlerAdapter
        implements PublisherFlow.Throttle, ResourceAlarms.Listener {
    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);

    /** How long the server waits for {@code close-ok} before dropping the socket. */
    private static final long CLOSE_TIMEOUT_MILLIS = 3000;
    /** RabbitMQ's pause before silently dropping a connection that failed its handshake. */
    private static final long SILENT_CLOSE_DELAY_MILLIS = 1000;
    /** Commands buffered for suspended channels beyond which the socket stops being read. */
    private static final int SUSPENDED_BACKLOG_LIMIT = 10_000;
    /** Deliveries queues may have handed out to this connection that it has not written yet. */
    private static final int MAX_UNWRITTEN_DELIVERIES = 2048;

    private static final int BLOCKED_BY_FLOW = 1;
    private static final int BLOCKED_BY_ALARM = 2;
    private static final int BLOCKED_BY_BACKLOG = 4;

    private enum Phase { AWAITING_HEADER, STARTING, TUNING, OPENING, RUNNING, CLOSING, CLOSED }

    private final BrokerServices services;
    private final Handshake handshake;
    private final IntObjectMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private final List<AmqpChannel> channelsWithWork = new ArrayList<>();
    private final List<MessageQueue> exclusiveQueues = new ArrayList<>();
    private final PublisherFlow flow = new PublisherFlow(this);
    private final AtomicInteger unwrittenDeliveries = new AtomicInteger();

    private ChannelHandlerContext ctx;
    private Mailbox<Runnable> mailbox;
    private Phase phase = Phase.AWAITING_HEADER;
    private String name;
    private Map<String, Object> clientProperties = Map.of();
    private User user;
    private VirtualHost vhost;
    private Handshake.Tuning tuning;
    private int readBlockers;
    private boolean blockedNotified;
    private OutboundWriter writer;
    private Heartbeats heartbeats;
    private int suspendedBacklog;
    private ScheduledFuture<?> handshakeTimer;
    private String closeReason = "client closed the socket";
    private long connectedAt;
    private String authMechanism;

    public AmqpConnection(BrokerServices services) {
        this.services = services;
        this.handshake = new Handshake(services);
    }

    // ---- Netty lifecycle -----------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.writer = new OutboundWriter(ctx);
        this.mailbox = new Mailbox<>(ctx.executor(), Runnable::run, this::flushIfNeeded, 4096);
        this.name = describe(ctx.channel().remoteAddress()) + " -> " + describe(ctx.channel().localAddress());
        this.connectedAt = System.currentTimeMillis();
        services.connections().add(this);
        long timeout = services.config().get(CoreSettings.HANDSHAKE_TIMEOUT);
        handshakeTimer = ctx.executor().schedule(this::handshakeTimedOut, timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (heartbeats != null) {
            heartbeats.read();
        }
        try {
            dispatch(msg);
        } catch (AmqpException e) {
            ReferenceCountUtil.release(msg);
            fail(e, 0, 0);
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(msg);
            log.error("connection {}: internal error handling {}", name, msg, e);
            fail(AmqpException.internalError(""), 0, 0);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        endOfBatch();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            for (AmqpChannel channel : channels.values()) {
                channel.wakeWaitingQueues();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void missedHeartbeats() {
        closeReason = "missed heartbeats from client, timeout: " + tuning.heartbeatSeconds() * 2 + "s";
        log.warn("closing AMQP connection {}: {}", name, closeReason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = "socket error: " + cause.getMessage();
        log.debug("connection {}: socket error", name, cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (heartbeats != null) {
            heartbeats.stop();
        }
        writer.discard();
        shutdownChannels();
        deleteExclusiveQueues();
        services.alarms().removeListener(this);
        services.connections().remove(this);
        if (vhost != null) { // only connections that got past connection.open have a user and vhost to log
            log.info("closed AMQP connection {} (user '{}', vhost '{}'): {}", name, user.name(), vhost.name(),
                    closeReason);
        }
        phase = Phase.CLOSED;
        ctx.fireChannelInactive();
    }

    // ---- inbound dispatch ------------------------------------------------------------------------

    private void dispatch(Object msg) {
        if (msg instanceof MethodFrame frame) {
            if (frame.channel() == 0) {
                onConnectionMethod(frame.method());
            } else {
                onChannelCommand(frame.channel(), frame.method(), frame);
            }
        } else if (msg instanceof ContentCommand command) {
            if (command.channel() == 0) {
                // A content method (basic.publish, ...) on channel 0 is a channel-0 method in the wrong
                // place, as RabbitMQ's reader judges it: "unexpected method in connection state ...".
                command.release();
                onConnectionMethod(command.method());
                return;
            }
            onChannelCommand(command.channel(), command.method(), command);
        } else if (msg instanceof HeartbeatFrame) {
            // Reading it was the point: the idle timer has been reset.
        } else if (msg instanceof ProtocolHeader) {
            onProtocolHeader();
        } else if (msg instanceof ProtocolError error) {
            onProtocolError(error);
        } else if (msg instanceof UnsupportedProtocol unsupported) {
            log.info("refusing connection {}: unsupported protocol header '{}'", name, unsupported.received());
            closeReason = "unsupported protocol header";
            ctx.writeAndFlush(ProtocolHeader.INSTANCE).addListener(ChannelFutureListener.CLOSE);
            phase = Phase.CLOSED;
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onProtocolHeader() {
        if (phase != Phase.AWAITING_HEADER) {
            return;
        }
        phase = Phase.STARTING;
        send(0, handshake.start());
        flushIfNeeded();
    }

    private void onProtocolError(ProtocolError error) {
        if (phase.compareTo(Phase.RUNNING) < 0 && phase != Phase.OPENING) {
            silentClose("protocol error during handshake: " + error.replyText());
            return;
        }
        closeWithError(error.replyCode(), error.replyText(), error.classId(), error.methodId());
        if (error.inputDiscarded()) {
            // Framing is lost: no close-ok can be read, so do not wait for one.
            writer.flush();
            ctx.executor().schedule(() -> ctx.close(), 50, TimeUnit.MILLISECONDS);
        }
    }

    private void onConnectionMethod(Method method) {
        switch (phase) {
            case STARTING -> onStartOk(method);
            case TUNING -> onTuneOk(method);
            case OPENING -> onOpen(method);
            case RUNNING -> {
                try {
                    onRunningMethod(method);
                } catch (AmqpException e) {
                    fail(e, method.classId(), method.methodId());
                }
            }
            case CLOSING -> onClosingMethod(method);
            default -> {
                // Nothing is read before the header or after the socket closed.
            }
        }
    }

    private void onStartOk(Method method) {
        if (!(method instanceof ConnectionStartOk startOk)) {
            silentClose("expected connection.start-ok, got " + method.name());
            return;
        }
        clientProperties = startOk.clientProperties();
        authMechanism = startOk.mechanism();
        try {
            user = handshake.authenticate(startOk, ctx.channel().remoteAddress());
        } catch (Handshake.LoginRefused refused) {
            log.warn("connection {}: {}", name, refused.logText());
            closeReason = refused.logText();
            if (hasCapability("authentication_failure_close")) {
                sendClose(ReplyCode.ACCESS_REFUSED, refused.replyText(), 0, 0);
                phase = Phase.CLOSING;
                ctx.executor().schedule(() -> ctx.close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                silentClose(refused.logText());
            }
            return;
        } catch (AmqpException e) {
            silentClose(e.replyText());
            return;
        }
        phase = Phase.TUNING;
        send(0, handshake.tune());
    }

    private void onTuneOk(Method method) {
        if (!(method instanceof ConnectionTuneOk tuneOk)) {
            silentClose("expected connection.tune-ok, got " + method.name());
            return;
        }
        try {
            tuning = handshake.settle(tuneOk);
        } catch (AmqpException e) {
            // RabbitMQ names connection.tune (10, 30), not tune-ok, as the failing method.
            closeWithError(e.replyCode(), e.replyText(), ConnectionTune.CLASS_ID, ConnectionTune.METHOD_ID);
            return;
        }
        ctx.pipeline().get(FrameDecoder.class).setFrameMax(tuning.frameMax());
        ctx.channel().attr(FrameEncoder.FRAME_MAX).set(tuning.frameMax());
        writer.frameMax(tuning.frameMax());
        int heartbeat = tuning.heartbeatSeconds();
        if (heartbeat > 0) {
            heartbeats = new Heartbeats(ctx, writer, heartbeat, () -> readBlockers != 0, this::missedHeartbeats);
            heartbeats.start();
        }
        phase = Phase.OPENING;
    }

    private void onOpen(Method method) {
        if (!(method instanceof ConnectionOpen open)) {
            closeWithError(ReplyCode.CHANNEL_ERROR, ReplyCode.CHANNEL_ERROR.text(
                    "unexpected method in connection state opening"), method.classId(), method.methodId());
            return;
        }
        try {
            vhost = handshake.open(open, user);
        } catch (AmqpException e) {
            log.warn("connection {}: {}", name, e.replyText());
            closeWithError(e.replyCode(), e.replyText(), open.classId(), open.methodId());
            return;
        }
        handshakeTimer.cancel(false);
        phase = Phase.RUNNING;
        services.alarms().addListener(this);
        send(0, new ConnectionOpenOk());
        log.info("accepted AMQP connection {} (user '{}', vhost '{}', client '{}')", name, user.name(), vhost.name(),
                clientName());
    }

    private void onRunningMethod(Method method) {
        if (method instanceof ConnectionClose close) {
            closeReason = "client closed the connection (" + close.replyCode() + " " + close.replyText() + ")";
            shutdownChannels();
            deleteExclusiveQueues();
            phase = Phase.CLOSING;
            writer.flush();
            ctx.writeAndFlush(new MethodFrame(0, new ConnectionCloseOk())).addListener(ChannelFutureListener.CLOSE);
        } else if (method instanceof ConnectionUpdateSecret) {
            // The internal user store has no expiring secrets: accepted as RabbitMQ's internal backend does.
            send(0, new ConnectionUpdateSecretOk());
        } else if (method instanceof ConnectionCloseOk) {
            ctx.close();
        } else {
            // Anything else on channel 0, connection.* methods included, as RabbitMQ's handle_method0.
            throw AmqpException.channelError("unexpected method in connection state running");
        }
    }

    private void onClosingMethod(Method method) {
        if (method instanceof ConnectionCloseOk) {
            ctx.close();
        } else if (method instanceof ConnectionClose) {
            writer.flush();
            ctx.writeAndFlush(new MethodFrame(0, new ConnectionCloseOk())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onChannelCommand(int number, Method method, Object command) {
        if (phase != Phase.RUNNING) {
            ReferenceCountUtil.release(command);
            if (phase == Phase.CLOSING) {
                return;
            }
            if (phase == Phase.OPENING) {
                // RabbitMQ's reader: a frame on a channel before connection.open is unexpected_frame.
                throw new AmqpException(ReplyCode.UNEXPECTED_FRAME,
                        "type 1, " + ReplyTexts.octets(methodPayload(method)));
            }
            silentClose("channel frame before the connection was open");
            return;
        }
        if (method.classId() == ConnectionClose.CLASS_ID) {
            ReferenceCountUtil.release(command);
            throw AmqpException.commandInvalid("unimplemented method");
        }
        AmqpChannel channel = channels.get(number);
        if (channel == null) {
            ReferenceCountUtil.release(command);
            try {
                if (!(method instanceof ChannelOpen)) {
                    throw AmqpException.channelError("expected 'channel.open'");
                }
                openChannel(number);
            } catch (AmqpException e) {
                fail(e, method.classId(), method.methodId());
            }
            return;
        }
        channel.handle(command);
    }

    /** The payload of {@code method}'s frame, re-encoded, for error texts that quote it. */
    private static byte[] methodPayload(Method method) {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            buf.writeShort(method.classId()).writeShort(method.methodId());
            method.writeArguments(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private void openChannel(int number) {
        if (channels.size() >= tuning.channelMax()) {
            throw AmqpException.notAllowed("number of channels opened (" + channels.size()
                    + ") has reached the negotiated channel_max (" + tuning.channelMax() + ")");
        }
        channels.put(number, new AmqpChannel(number, this));
        send(number, new ChannelOpenOk());
    }

    // ---- what channels use ---------------------------------------------------------------------

    public BrokerServices services() {
        return services;
    }

    public User user() {
        return user;
    }

    public VirtualHost vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public PublisherFlow flow() {
        return flow;
    }

    /**
     * A snapshot of this connection and its channels, taken on its own thread: null when it is not
     * open (still in its handshake, or closing). For management.
     */
    public CompletableFuture<ConnectionView> view() {
        CompletableFuture<ConnectionView> view = new CompletableFuture<>();
        post(() -> {
            if (phase != Phase.RUNNING) {
                view.complete(null);
                return;
            }
            List<ChannelView> channelViews = new ArrayList<>(channels.size());
            for (AmqpChannel channel : channels.values()) {
                channelViews.add(channel.view());
            }
            channelViews.sort(java.util.Comparator.comparingInt(ChannelView::number));
            view.complete(new ConnectionView(name, user.name(), vhost.name(),
                    inet(ctx.channel().remoteAddress()), inet(ctx.channel().localAddress()),
                    connectedAt, authMechanism, tuning.heartbeatSeconds(), tuning.frameMax(), tuning.channelMax(),
                    readBlockers != 0, clientProperties, List.copyOf(channelViews), this));
        });
        return view;
    }

    public boolean hasCapability(String capability) {
        return Handshake.capability(clientProperties, capability);
    }

    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    /** Writes a method; the flush comes at the end of the current batch. */
    public void send(int channel, Method method) {
        write(new MethodFrame(channel, method));
    }

    /** Writes a frame or content command; the flush comes at the end of the current batch. */
    public void write(Object frame) {
        writer.write(frame);
    }

    /**
     * Writes a {@code basic.deliver} with its content, from pre-encoded consumer tag and address;
     * takes {@code body}'s reference over. The flush comes at the end of the current batch.
     */
    public void writeDelivery(int channel, byte[] encodedConsumerTag, long deliveryTag, boolean redelivered,
                              byte[] encodedAddress, ContentHeader header, ByteBuf body) {
        writer.delivery(channel, encodedConsumerTag, deliveryTag, redelivered, encodedAddress, header, body);
    }

    /** Runs {@code task} on this connection's thread, from any thread (queues use this). */
    public void post(Runnable task) {
        mailbox.post(task);
    }

    /**
     * Whether queues may hand this connection more deliveries (any thread): its socket is below its
     * high-water mark and not too many deliveries wait to be written. The second bound matters
     * because queues run on other threads: without it, a queue could pour its whole backlog into
     * this connection's mailbox before the socket ever filled up.
     */
    public boolean acceptsDeliveries() {
        return unwrittenDeliveries.get() < MAX_UNWRITTEN_DELIVERIES && ctx.channel().isWritable();
    }

    /** A queue reserved a delivery for this connection (any thread). */
    public void deliveryHandedOut() {
        unwrittenDeliveries.incrementAndGet();
    }

    /** A handed-out delivery was written (or given back); may let waiting queues resume. */
    public void deliveryWritten() {
        if (unwrittenDeliveries.decrementAndGet() == MAX_UNWRITTEN_DELIVERIES / 2) {
            for (AmqpChannel channel : channels.values()) {
                channel.wakeWaitingQueues();
            }
        }
    }

    /** The event loop this connection lives on. */
    public Executor executor() {
        return ctx.executor();
    }

    public boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    /** A channel has end-of-batch work (confirms to send, acks to pass on). */
    public void hasWork(AmqpChannel channel) {
        channelsWithWork.add(channel);
    }

    /** The channel finished its close handshake; its number may be reused. */
    public void channelClosed(AmqpChannel channel) {
        channels.remove(channel.number(), channel);
    }

    /** Remembers an exclusive queue, to delete it when this connection ends. */
    public void ownExclusiveQueue(MessageQueue queue) {
        exclusiveQueues.add(queue);
    }

    public void forgetExclusiveQueue(MessageQueue queue) {
        exclusiveQueues.remove(queue);
    }

    /**
     * A publish arrived: if a resource alarm is up, block this connection now, as RabbitMQ blocks a
     * connection when it next publishes. The reason names the alarms up at this moment; one raised
     * later does not send a second {@code connection.blocked}, as in RabbitMQ.
     */
    public void publishing() {
        ResourceAlarms alarms = services.alarms();
        if (alarms.isAlarmed() && (readBlockers & BLOCKED_BY_ALARM) == 0) {
            String reason = alarms.blockingReason();
            if (reason == null) {
                return; // the alarm cleared since isAlarmed(): nothing to block for
            }
            block(BLOCKED_BY_ALARM);
            if (hasCapability("connection.blocked")) {
                send(0, new ConnectionBlocked(reason));
                blockedNotified = true;
            }
        }
    }

    /** A channel is holding back {@code delta} more (or fewer) commands while it waits for a queue. */
    public void suspendedBacklog(int delta) {
        suspendedBacklog += delta;
        if (suspendedBacklog > SUSPENDED_BACKLOG_LIMIT) {
            block(BLOCKED_BY_BACKLOG);
        } else if (suspendedBacklog < SUSPENDED_BACKLOG_LIMIT / 2) {
            unblock(BLOCKED_BY_BACKLOG);
        }
    }

    /** A hard error: closes the connection with {@code connection.close}, as RabbitMQ does. */
    public void fail(AmqpException error, int classId, int methodId) {
        log.warn("connection {}: {}", name, error.replyText());
        closeWithError(error.replyCode(), error.replyText(), classId, methodId);
    }

    /** Closes the connection because the broker is stopping (320 CONNECTION_FORCED). */
    public void forceClose(String reason) {
        post(() -> {
            closeReason = reason;
            if (phase == Phase.RUNNING) {
                closeWithError(ReplyCode.CONNECTION_FORCED, ReplyCode.CONNECTION_FORCED.text(reason), 0, 0);
            } else {
                ctx.close();
            }
        });
    }

    // ---- flow control --------------------------------------------------------------------------

    @Override
    public void pause() {
        block(BLOCKED_BY_FLOW);
    }

    @Override
    public void resume() {
        post(() -> unblock(BLOCKED_BY_FLOW));
    }

    /** No resource alarm is left: resume reading, and say so if we said we were blocked. */
    @Override
    public void allClear() {
        post(() -> {
            if ((readBlockers & BLOCKED_BY_ALARM) != 0) {
                if (blockedNotified) {
                    send(0, new ConnectionUnblocked());
                    blockedNotified = false;
                }
                unblock(BLOCKED_BY_ALARM);
            }
        });
    }

    private void block(int reason) {
        readBlockers |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    private void unblock(int reason) {
        readBlockers &= ~reason;
        if (readBlockers == 0 && phase == Phase.RUNNING) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    // ---- closing -------------------------------------------------------------------------------

    private void closeWithError(ReplyCode code, String replyText, int classId, int methodId) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            return;
        }
        closeReason = replyText;
        shutdownChannels();
        deleteExclusiveQueues();
        sendClose(code, replyText, classId, methodId);
        phase = Phase.CLOSING;
        ctx.channel().config().setAutoRead(true);
        ctx.executor().schedule(() -> ctx.close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendClose(ReplyCode code, String replyText, int classId, int methodId) {
        send(0, new ConnectionClose(code.code(), ReplyTexts.fit(replyText), classId, methodId));
        flushIfNeeded();
    }

    private void silentClose(String reason) {
        closeReason = reason;
        log.info("closing connection {} during handshake: {}", name, reason);
        phase = Phase.CLOSING;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> ctx.close(), SILENT_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void handshakeTimedOut() {
        if (phase.compareTo(Phase.RUNNING) < 0) {
            closeReason = "handshake timeout";
            log.warn("closing connection {}: handshake timeout", name);
            ctx.close();
        }
    }

    private void shutdownChannels() {
        for (AmqpChannel channel : new ArrayList<>(channels.values())) {
            channel.shutdown();
        }
        channels.clear();
    }

    private void deleteExclusiveQueues() {
        for (MessageQueue queue : exclusiveQueues) {
            queue.forceDelete();
            vhost.removeQueue(queue);
        }
        exclusiveQueues.clear();
    }

    private void endOfBatch() {
        if (!channelsWithWork.isEmpty()) {
            for (int i = 0; i < channelsWithWork.size(); i++) {
                channelsWithWork.get(i).endOfBatch();
            }
            channelsWithWork.clear();
        }
        flushIfNeeded();
    }

    private void flushIfNeeded() {
        if (!channelsWithWork.isEmpty()) {
            endOfBatch();
            return;
        }
        writer.flush();
    }

    private String clientName() {
        Object named = clientProperties.get("connection_name");
        if (named != null) {
            return named.toString();
        }
        Object product = clientProperties.get("product");
        Object version = clientProperties.get("version");
        return product == null ? "unknown" : product + (version == null ? "" : " " + version);
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    private static String describe(SocketAddress address) {
        String text = String.valueOf(address);
        return text.startsWith("/") ? text.substring(1) : text;
    }

    @Override
    public String toString() {
        return "AmqpConnection[" + name + "]";
    }
}
