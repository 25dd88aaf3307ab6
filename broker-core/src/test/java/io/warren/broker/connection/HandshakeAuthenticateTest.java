package io.warren.broker.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.warren.amqp.ReplyCode;
import io.warren.amqp.field.Binary;
import io.warren.amqp.method.ConnectionStartOk;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.flow.MemoryMonitor;
import io.warren.broker.flow.ResourceAlarms;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.DefinitionChanges;
import io.warren.broker.vhost.VirtualHostRegistry;
import io.warren.routing.ExchangeTypeRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Handshake#authenticate}: the loopback-only rule (which loopback-only IT traffic cannot
 * exercise), and how each kind of bad login is reported.
 */
class HandshakeAuthenticateTest {
    private static final SocketAddress REMOTE = address("10.1.2.3");
    private static final SocketAddress LOOPBACK_V4 = address("127.0.0.1");
    private static final SocketAddress LOOPBACK_V6 = address("::1");

    private final ResourceAlarms alarms = new ResourceAlarms(MemoryMonitor.manual(Long.MAX_VALUE, () -> 0L),
            DiskMonitor.manual(0, () -> Long.MAX_VALUE));

    @AfterEach
    void closeMonitors() {
        alarms.close();
    }

    private Handshake handshake(Set<String> loopbackUsers) {
        UserStore users = new UserStore();
        users.addUser("guest", "guest", Set.of("administrator"));
        users.setPermission("guest", "/", Permission.all());
        users.addUser("carol", "carol-pw", Set.of());
        users.setPermission("carol", "/", Permission.all());
        BrokerConfig config = BrokerConfig.defaults().with(CoreSettings.LOOPBACK_USERS, loopbackUsers);
        VirtualHostRegistry vhosts = new VirtualHostRegistry(ExchangeTypeRegistry.load(), () -> Runnable::run,
                io.warren.broker.queue.QueueResources.inMemory(new io.warren.broker.flow.MessageMemory()),
                DefinitionChanges.NONE);
        // Handshakes never change definitions, so the journal's store is never written.
        return new Handshake(new BrokerServices(config, users, vhosts, alarms, null, null));
    }

    @Test
    void loopbackOnlyUserIsRefusedFromARemoteAddressWithTheGenericText() {
        Handshake.LoginRefused refused = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake(Set.of("guest")).authenticate(plain("guest", "guest"), REMOTE));
        assertThat(refused).isNotNull();
        assertThat(refused.replyText()).isEqualTo("ACCESS_REFUSED - Login was refused using authentication "
                + "mechanism PLAIN. For details see the broker logfile.");
        assertThat(refused.logText()).isEqualTo("PLAIN login refused: user 'guest' can only connect via localhost");
    }

    @Test
    void loopbackOnlyUserIsRefusedFromRemoteWithAmqplainToo() {
        Handshake.LoginRefused refused = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake(Set.of("guest")).authenticate(amqplain("guest", "guest"), REMOTE));
        assertThat(refused).isNotNull();
        assertThat(refused.replyText()).contains("authentication mechanism AMQPLAIN.");
        assertThat(refused.logText())
                .isEqualTo("AMQPLAIN login refused: user 'guest' can only connect via localhost");
    }

    @Test
    void loopbackOnlyUserIsAdmittedFromIpv4AndIpv6Loopback() {
        Handshake handshake = handshake(Set.of("guest"));
        assertThat(handshake.authenticate(plain("guest", "guest"), LOOPBACK_V4)).extracting(User::name)
                .isEqualTo("guest");
        assertThat(handshake.authenticate(plain("guest", "guest"), LOOPBACK_V6)).extracting(User::name)
                .isEqualTo("guest");
        assertThat(handshake.authenticate(plain("guest", "guest"), address("127.0.0.2"))).extracting(User::name)
                .isEqualTo("guest");
    }

    @Test
    void otherUsersMayConnectFromAnywhere() {
        assertThat(handshake(Set.of("guest")).authenticate(plain("carol", "carol-pw"), REMOTE))
                .extracting(User::name).isEqualTo("carol");
    }

    @Test
    void withNoLoopbackUsersGuestMayConnectRemotely() {
        assertThat(handshake(Set.of()).authenticate(plain("guest", "guest"), REMOTE))
                .extracting(User::name).isEqualTo("guest");
    }

    @Test
    void aWrongPasswordFromRemoteSaysInvalidCredentialsNotLocalhost() {
        Handshake.LoginRefused refused = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake(Set.of("guest")).authenticate(plain("guest", "nope"), REMOTE));
        assertThat(refused.logText()).isEqualTo("PLAIN login refused: user 'guest' - invalid credentials");
    }

    @Test
    void unknownUserAndWrongPasswordLookTheSame() {
        Handshake handshake = handshake(Set.of());
        Handshake.LoginRefused unknown = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake.authenticate(plain("mallory", "x"), LOOPBACK_V4));
        Handshake.LoginRefused wrong = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake.authenticate(plain("carol", "x"), LOOPBACK_V4));
        assertThat(unknown.replyText()).isEqualTo(wrong.replyText());
        assertThat(unknown.logText()).isEqualTo("PLAIN login refused: user 'mallory' - invalid credentials");
    }

    @Test
    void blankPasswordIsRefusedWithRabbitMqsLogText() {
        Handshake.LoginRefused refused = catchThrowableOfType(Handshake.LoginRefused.class,
                () -> handshake(Set.of()).authenticate(plain("carol", ""), LOOPBACK_V4));
        assertThat(refused.logText())
                .isEqualTo("PLAIN login refused: user 'carol' attempted to log in with a blank password");
    }

    @Test
    void malformedResponseIsASyntaxErrorNotALoginRefusal() {
        ConnectionStartOk startOk = startOk("PLAIN", "no separators".getBytes(StandardCharsets.UTF_8));
        AmqpException error = catchThrowableOfType(AmqpException.class,
                () -> handshake(Set.of()).authenticate(startOk, LOOPBACK_V4));
        assertThat(error).isNotNull();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void unknownMechanismIsCommandInvalid() {
        ConnectionStartOk startOk = startOk("EXTERNAL", new byte[0]);
        AmqpException error = catchThrowableOfType(AmqpException.class,
                () -> handshake(Set.of()).authenticate(startOk, LOOPBACK_V4));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.COMMAND_INVALID);
        assertThat(error.replyText()).isEqualTo("COMMAND_INVALID - unknown authentication mechanism 'EXTERNAL'");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ConnectionStartOk plain(String user, String password) {
        return startOk("PLAIN", ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectionStartOk amqplain(String user, String password) {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        entry(table, "LOGIN", user);
        entry(table, "PASSWORD", password);
        return startOk("AMQPLAIN", table.toByteArray());
    }

    private static void entry(ByteArrayOutputStream out, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(k.length);
        out.writeBytes(k);
        out.write('S');
        out.write(v.length >>> 24);
        out.write(v.length >>> 16);
        out.write(v.length >>> 8);
        out.write(v.length);
        out.writeBytes(v);
    }

    private static ConnectionStartOk startOk(String mechanism, byte[] response) {
        return new ConnectionStartOk(Map.of(), mechanism, Binary.copyOf(response), "en_US");
    }

    private static SocketAddress address(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 40000);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
