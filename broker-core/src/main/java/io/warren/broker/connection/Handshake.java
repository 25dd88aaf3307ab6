package io.warren.broker.connection;

import io.warren.amqp.ReplyCode;
import io.warren.amqp.field.Binary;
import io.warren.amqp.method.ConnectionOpen;
import io.warren.amqp.method.ConnectionStart;
import io.warren.amqp.method.ConnectionStartOk;
import io.warren.amqp.method.ConnectionTune;
import io.warren.amqp.method.ConnectionTuneOk;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.BrokerVersion;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.security.Credentials;
import io.warren.broker.security.LoopbackRule;
import io.warren.broker.security.SaslMechanism;
import io.warren.broker.security.User;
import io.warren.broker.vhost.VirtualHost;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connection handshake as RabbitMQ runs it: {@code start} → {@code start-ok} (SASL),
 * {@code tune} → {@code tune-ok} (limits), {@code open} (virtual host). Each step either yields
 * the next method to send or throws the error to close with.
 */
final class Handshake {
    static final String LOCALE = "en_US";

    private final BrokerServices services;
    private final int serverChannelMax;
    private final int serverFrameMax;
    private final int serverHeartbeat;

    Handshake(BrokerServices services) {
        this.services = services;
        this.serverChannelMax = channelMaxSetting(services.config().get(CoreSettings.CHANNEL_MAX));
        this.serverFrameMax = services.config().get(CoreSettings.FRAME_MAX);
        this.serverHeartbeat = services.config().get(CoreSettings.HEARTBEAT);
    }

    private static int channelMaxSetting(int configured) {
        return configured == 0 ? 65535 : configured;
    }

    ConnectionStart start() {
        return new ConnectionStart(0, 9, ServerProperties.of(BrokerVersion.get(), services.nodeName()),
                services.authenticator().mechanismNames(), LOCALE);
    }

    ConnectionTune tune() {
        return new ConnectionTune(serverChannelMax, serverFrameMax, serverHeartbeat);
    }

    /**
     * Authenticates a {@code start-ok}.
     *
     * @throws LoginRefused when the credentials do not admit the user (the log says why)
     * @throws AmqpException for a mechanism Warren does not offer, or a malformed response
     */
    User authenticate(ConnectionStartOk startOk, SocketAddress remote) {
        SaslMechanism mechanism = services.authenticator().mechanism(startOk.mechanism())
                .orElseThrow(() -> AmqpException.commandInvalid(
                        "unknown authentication mechanism '" + startOk.mechanism() + "'"));
        Credentials credentials;
        try {
            credentials = mechanism.parse(bytes(startOk.response()));
        } catch (IllegalArgumentException e) {
            // RabbitMQ: the mechanism's protocol_error, a SYNTAX_ERROR that is never sent during the
            // handshake (the connection is closed silently), not a login refusal.
            throw new AmqpException(ReplyCode.SYNTAX_ERROR, mechanism.name() + " response invalid: "
                    + e.getMessage());
        }
        if (credentials.password().isEmpty()) {
            throw new LoginRefused(mechanism.name(),
                    "user '" + credentials.username() + "' attempted to log in with a blank password");
        }
        Optional<User> user = services.authenticator().authenticate(credentials);
        if (user.isEmpty()) {
            throw new LoginRefused(mechanism.name(), "user '" + credentials.username() + "' - invalid credentials");
        }
        Set<String> loopbackOnly = services.config().get(CoreSettings.LOOPBACK_USERS);
        if (!LoopbackRule.allows(loopbackOnly, credentials.username(), remote)) {
            throw new LoginRefused(mechanism.name(),
                    "user '" + credentials.username() + "' can only connect via localhost");
        }
        return user.get();
    }

    /** The limits both sides agreed on, after checking the client's answer as RabbitMQ does. */
    Tuning settle(ConnectionTuneOk tuneOk) {
        // RabbitMQ's order: frame_max first, so a tune-ok with both wrong reports frame_max.
        checkNegotiated("frame_max", tuneOk.frameMax(), 4096, serverFrameMax);
        checkNegotiated("channel_max", tuneOk.channelMax(), 1, serverChannelMax);
        return new Tuning(tuneOk.channelMax(), (int) tuneOk.frameMax(), tuneOk.heartbeat());
    }

    private static void checkNegotiated(String field, long clientValue, long min, long serverValue) {
        if (clientValue != 0 && clientValue < min) {
            throw AmqpException.notAllowed("negotiated " + field + " = " + clientValue
                    + " is lower than the minimum allowed value (" + min + ")");
        }
        if (serverValue != 0 && (clientValue == 0 || clientValue > serverValue)) {
            String noLimit = clientValue == 0 && field.equals("channel_max") ? " (no limit)" : "";
            throw AmqpException.notAllowed("negotiated " + field + " = " + clientValue + noLimit
                    + " is higher than the maximum allowed value (" + serverValue + ")");
        }
    }

    /** The virtual host {@code open} asks for, if it exists and the user may use it. */
    VirtualHost open(ConnectionOpen open, User user) {
        VirtualHost vhost = services.vhosts().get(open.virtualHost())
                .orElseThrow(() -> AmqpException.notAllowed("vhost " + open.virtualHost() + " not found"));
        if (!services.accessControl().mayAccessVhost(user.name(), vhost.name())) {
            throw AmqpException.notAllowed("access to vhost '" + vhost.name() + "' refused for user '"
                    + user.name() + "'");
        }
        return vhost;
    }

    private static byte[] bytes(Binary binary) {
        return binary.toByteArray();
    }

    /** The client capabilities Warren acts on, from {@code client-properties.capabilities}. */
    static boolean capability(Map<String, Object> clientProperties, String name) {
        Object capabilities = clientProperties.get("capabilities");
        return capabilities instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get(name));
    }

    /** Negotiated connection limits. */
    record Tuning(int channelMax, int frameMax, int heartbeatSeconds) {
    }

    /**
     * A login the broker refuses. The client hears only RabbitMQ's generic text; the reason goes to
     * the log, so a prober learns nothing about which users exist.
     */
    static final class LoginRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String mechanism;

        LoginRefused(String mechanism, String reason) {
            super(reason, null, false, false);
            this.mechanism = mechanism;
        }

        String replyText() {
            return ReplyCode.ACCESS_REFUSED.text("Login was refused using authentication mechanism " + mechanism
                    + ". For details see the broker logfile.");
        }

        String logText() {
            return mechanism + " login refused: " + getMessage();
        }
    }
}
