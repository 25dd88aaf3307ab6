package io.warren.broker.it;

import static io.warren.broker.it.ConnectionTestSupport.connect;
import static io.warren.broker.it.ConnectionTestSupport.connectionClose;
import static io.warren.broker.it.ConnectionTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.SaslMechanism;
import com.rabbitmq.client.impl.LongStringHelper;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.security.Permission;
import io.warren.broker.security.UserStore;
import io.warren.broker.testing.BrokerExtension;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection handshake as RabbitMQ clients see it: connection.start's properties, SASL PLAIN and
 * AMQPLAIN, refused logins, vhost access at connection.open, loopback-only users, update-secret.
 */
class ConnectionHandshakeIT {
    private static final String LOCAL_ONLY = "local-only";

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension()
            .with(CoreSettings.LOOPBACK_USERS, Set.of("guest", LOCAL_ONLY));

    @BeforeAll
    static void users() {
        UserStore users = broker.services().users();
        users.addUser("alice", "alice-pw", Set.of());
        users.setPermission("alice", "/", Permission.all());
        users.addUser("no-perms", "pw", Set.of());
        users.addUser("blank", "", Set.of());
        users.setPermission("blank", "/", Permission.all());
        users.addUser(LOCAL_ONLY, "pw", Set.of());
        users.setPermission(LOCAL_ONLY, "/", Permission.all());
        broker.services().vhosts().create("elsewhere");
        users.addUser("elsewhere-only", "pw", Set.of());
        users.setPermission("elsewhere-only", "elsewhere", Permission.all());
    }

    // ---- connection.start --------------------------------------------------------------------

    @Test
    void serverPropertiesCarryRabbitMqsKeysAndEveryCapability() throws Exception {
        Connection connection = broker.connect();
        Map<String, Object> properties = connection.getServerProperties();
        assertThat(properties).containsKeys("capabilities", "cluster_name", "copyright", "information", "platform",
                "product", "version");
        for (String key : List.of("cluster_name", "copyright", "information", "platform", "product", "version")) {
            assertThat(properties.get(key)).as(key).isInstanceOf(LongString.class);
            assertThat(properties.get(key).toString()).as(key).isNotBlank();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = (Map<String, Object>) properties.get("capabilities");
        assertThat(capabilities).containsOnlyKeys("publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                "authentication_failure_close", "per_consumer_qos", "direct_reply_to");
        assertThat(capabilities.values()).allMatch(Boolean.TRUE::equals);
    }

    @Test
    void connectionStartOffersVersion09AmqplainThenPlainAndEnUs() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            RawAmqpClient.Frame start = raw.expectMethod(0, 10, 10);
            DataInputStream args = start.arguments();
            assertThat(args.readUnsignedByte()).as("version-major").isZero();
            assertThat(args.readUnsignedByte()).as("version-minor").isEqualTo(9);
            args.skipNBytes(args.readInt()); // server-properties
            assertThat(longString(args)).as("mechanisms").isEqualTo("AMQPLAIN PLAIN");
            assertThat(longString(args)).as("locales").isEqualTo("en_US");
            assertThat(args.available()).isZero();
        }
    }

    @Test
    void theJavaClientSeesBothMechanismsInOrder() throws Exception {
        List<String> offered = new ArrayList<>();
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setSaslConfig(mechanisms -> {
            offered.addAll(Arrays.asList(mechanisms));
            return DefaultSaslConfig.PLAIN.getSaslMechanism(mechanisms);
        });
        broker.track(factory.newConnection()).close();
        assertThat(offered).containsExactly("AMQPLAIN", "PLAIN");
    }

    // ---- logging in ----------------------------------------------------------------------------

    @Test
    void plainLoginWorks() throws Exception {
        ConnectionFactory factory = factory(broker, "alice", "alice-pw");
        factory.setSaslConfig(DefaultSaslConfig.PLAIN);
        Connection connection = broker.track(factory.newConnection());
        assertThat(connection.isOpen()).isTrue();
        assertUsable(connection);
    }

    @Test
    void amqplainLoginWorks() throws Exception {
        ConnectionFactory factory = factory(broker, "alice", "alice-pw");
        factory.setSaslConfig(AMQPLAIN);
        Connection connection = broker.track(factory.newConnection());
        assertUsable(connection);
    }

    @Test
    void wrongPasswordIsRefusedWithRabbitMqsText() {
        Throwable thrown = catchThrowable(() -> connect(broker, "alice", "wrong"));
        assertThat(thrown).isInstanceOf(AuthenticationFailureException.class)
                .hasMessage("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. "
                        + "For details see the broker logfile.");
    }

    @Test
    void wrongPasswordWithAmqplainNamesThatMechanism() {
        ConnectionFactory factory = factory(broker, "alice", "wrong");
        factory.setSaslConfig(AMQPLAIN);
        Throwable thrown = catchThrowable(() -> broker.track(factory.newConnection()));
        assertThat(thrown).isInstanceOf(AuthenticationFailureException.class)
                .hasMessage("ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN. "
                        + "For details see the broker logfile.");
    }

    @Test
    void unknownUserGetsTheSameAnswerAsAWrongPassword() {
        Throwable thrown = catchThrowable(() -> connect(broker, "nobody-" + System.nanoTime(), "alice-pw"));
        assertThat(thrown).isInstanceOf(AuthenticationFailureException.class)
                .hasMessage("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. "
                        + "For details see the broker logfile.");
    }

    @Test
    void blankPasswordIsAlwaysRefusedEvenWhenItIsTheStoredOne() {
        assertThat(catchThrowable(() -> connect(broker, "blank", "")))
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageStartingWith("ACCESS_REFUSED - Login was refused");
        assertThat(catchThrowable(() -> connect(broker, "alice", "")))
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageStartingWith("ACCESS_REFUSED - Login was refused");
    }

    @Test
    void refusedLoginOnTheWireIsConnectionClose403WithClassAndMethodZero() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("alice", "wrong"), true);
            RawAmqpClient.Close close = raw.expectConnectionClose();
            assertThat(close).isEqualTo(new RawAmqpClient.Close(403, "ACCESS_REFUSED - Login was refused using "
                    + "authentication mechanism PLAIN. For details see the broker logfile.", 0, 0));
            assertThat(raw.readUntilClosed(4000)).isEmpty();
        }
    }

    @Test
    void refusedLoginWithoutTheCapabilityIsASilentClose() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("alice", "wrong"), false);
            assertThat(raw.readUntilClosed(5000)).as("nothing sent before the close").isEmpty();
        }
    }

    @Test
    void unknownMechanismIsASilentClose() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("CRAM-MD5", RawAmqpClient.plain("alice", "alice-pw"), true);
            assertThat(raw.readUntilClosed(5000)).as("nothing sent before the close").isEmpty();
        }
    }

    @Test
    void malformedPlainResponseIsASyntaxErrorClosedSilentlyNotALoginRefusal() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", "alice-without-separators".getBytes(StandardCharsets.UTF_8), true);
            assertThat(raw.readUntilClosed(5000)).as("nothing sent before the close").isEmpty();
        }
    }

    // ---- connection.open -----------------------------------------------------------------------

    @Test
    void userWithoutPermissionsOnTheVhostIsRefusedAtOpen() {
        Throwable thrown = catchThrowable(() -> connect(broker, "no-perms", "pw"));
        AMQP.Connection.Close close = connectionClose(thrown);
        assertThat(close.getReplyCode()).isEqualTo(530);
        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - access to vhost '/' refused for user 'no-perms'");
        assertThat(close.getClassId()).isEqualTo(10);
        assertThat(close.getMethodId()).isEqualTo(40);
    }

    @Test
    void permissionsArePerVhost() throws Exception {
        ConnectionFactory factory = factory(broker, "elsewhere-only", "pw");
        factory.setVirtualHost("elsewhere");
        assertUsable(broker.track(factory.newConnection()));

        AMQP.Connection.Close close = connectionClose(catchThrowable(() -> connect(broker, "elsewhere-only", "pw")));
        assertThat(close.getReplyCode()).isEqualTo(530);
        assertThat(close.getReplyText())
                .isEqualTo("NOT_ALLOWED - access to vhost '/' refused for user 'elsewhere-only'");
    }

    @Test
    void unknownVhostIsRefusedAtOpen() {
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setVirtualHost("mythic_vhost");
        AMQP.Connection.Close close = connectionClose(catchThrowable(() -> broker.track(factory.newConnection())));
        assertThat(close.getReplyCode()).isEqualTo(530);
        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - vhost mythic_vhost not found");
        assertThat(close.getClassId()).isEqualTo(10);
        assertThat(close.getMethodId()).isEqualTo(40);
    }

    @Test
    void loopbackOnlyUserMayConnectFromLoopback() throws Exception {
        assertUsable(connect(broker, LOCAL_ONLY, "pw"));
        assertUsable(connect(broker, "guest", "guest"));
    }

    // ---- running -------------------------------------------------------------------------------

    @Test
    void updateSecretIsAnsweredWithUpdateSecretOk() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 2047, 131072, 0)) {
            raw.sendMethod(0, 10, 70, new RawAmqpClient.Args()
                    .longString("guest".getBytes(StandardCharsets.UTF_8)).shortString("token refresh"));
            assertThat(raw.expectMethod(0, 10, 71).payload()).hasSize(4);
            raw.openChannel(1); // still running
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void assertUsable(Connection connection) throws Exception {
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        assertThat(channel.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
        channel.close();
    }

    private static String longString(DataInputStream in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** RabbitMQ's AMQPLAIN: a field table of LOGIN and PASSWORD, sent without its length prefix. */
    static final SaslConfig AMQPLAIN = mechanisms -> Arrays.asList(mechanisms).contains("AMQPLAIN")
            ? new AmqPlain() : null;

    private static final class AmqPlain implements SaslMechanism {
        @Override
        public String getName() {
            return "AMQPLAIN";
        }

        @Override
        public LongString handleChallenge(LongString challenge, String username, String password) {
            byte[] table = new RawAmqpClient.Args()
                    .shortString("LOGIN").octet('S').longString(username.getBytes(StandardCharsets.UTF_8))
                    .shortString("PASSWORD").octet('S').longString(password.getBytes(StandardCharsets.UTF_8))
                    .toByteArray();
            return LongStringHelper.asLongString(table);
        }
    }
}
