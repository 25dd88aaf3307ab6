package io.warren.broker.it;

import static io.warren.broker.it.ConnectionTestSupport.channelClose;
import static io.warren.broker.it.ConnectionTestSupport.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.broker.security.Permission;
import io.warren.broker.testing.BrokerExtension;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's permission table (configure / write / read regexes per user and vhost), method by
 * method, with its refusal texts. Every test logs in as a fresh user with exactly the rights it needs.
 */
class PermissionsIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static final AtomicInteger USERS = new AtomicInteger();

    private String user;

    @BeforeAll
    static void resources() throws Exception {
        Channel admin = broker.channel();
        admin.exchangeDeclare("p.x", BuiltinExchangeType.DIRECT);
        admin.exchangeDeclare("p.src", BuiltinExchangeType.DIRECT);
        admin.exchangeDeclare("p.dst", BuiltinExchangeType.FANOUT);
        admin.exchangeDeclare("p.ae", BuiltinExchangeType.FANOUT);
        admin.queueDeclare("p.q", false, false, false, null);
        admin.queueDeclare("p.other", false, false, false, null);
    }

    /** A channel of a new user with exactly {@code configure}, {@code write}, {@code read} on "/". */
    private Channel channelWith(String configure, String write, String read) throws Exception {
        user = "perm-user-" + USERS.incrementAndGet();
        broker.services().users().addUser(user, "pw", Set.of());
        broker.services().users().setPermission(user, "/", new Permission(configure, write, read));
        return connect(broker, user, "pw").createChannel();
    }

    private void assertRefused(AMQP.Channel.Close close, String kind, String resource, int classId, int methodId) {
        assertThat(close.getReplyCode()).isEqualTo(403);
        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - " + kind + " access to " + resource
                + " in vhost '/' refused for user '" + user + "'");
        assertThat(close.getClassId()).isEqualTo(classId);
        assertThat(close.getMethodId()).isEqualTo(methodId);
    }

    private static Channel admin() throws Exception {
        return broker.channel();
    }

    // ---- exchanges -----------------------------------------------------------------------------

    @Test
    void exchangeDeclareNeedsConfigureOnTheExchange() throws Exception {
        Channel channel = channelWith("^p\\.mine\\.", "", "");
        channel.exchangeDeclare("p.mine.x", BuiltinExchangeType.TOPIC);
        AMQP.Channel.Close close = channelClose(channel,
                () -> channel.exchangeDeclare("p.theirs.x", BuiltinExchangeType.TOPIC));
        assertRefused(close, "configure", "exchange 'p.theirs.x'", 40, 10);
    }

    @Test
    void redeclaringAnExistingExchangeNeedsConfigureToo() throws Exception {
        Channel channel = channelWith("^nothing$", ".*", ".*");
        AMQP.Channel.Close close = channelClose(channel,
                () -> channel.exchangeDeclare("p.x", BuiltinExchangeType.DIRECT));
        assertRefused(close, "configure", "exchange 'p.x'", 40, 10);
    }

    @Test
    void passiveDeclaresNeedNoPermission() throws Exception {
        Channel channel = channelWith("", "", "");
        channel.exchangeDeclarePassive("p.x");
        channel.exchangeDeclarePassive("amq.direct");
        assertThat(channel.queueDeclarePassive("p.q").getQueue()).isEqualTo("p.q");
    }

    @Test
    void exchangeDeleteNeedsConfigure() throws Exception {
        admin().exchangeDeclare("p.doomed", BuiltinExchangeType.DIRECT);
        Channel refused = channelWith("^p\\.x$", ".*", ".*");
        assertRefused(channelClose(refused, () -> refused.exchangeDelete("p.doomed")),
                "configure", "exchange 'p.doomed'", 40, 20);
        admin().exchangeDeclarePassive("p.doomed"); // still there

        Channel allowed = channelWith("doomed", "", "");
        allowed.exchangeDelete("p.doomed");
    }

    @Test
    void exchangeBindNeedsWriteOnDestinationAndReadOnSource() throws Exception {
        Channel allowed = channelWith("", "^p\\.dst$", "^p\\.src$");
        allowed.exchangeBind("p.dst", "p.src", "k1");
        allowed.exchangeUnbind("p.dst", "p.src", "k1");

        Channel noWrite = channelWith("", "^p\\.src$", ".*");
        assertRefused(channelClose(noWrite, () -> noWrite.exchangeBind("p.dst", "p.src", "k2")),
                "write", "exchange 'p.dst'", 40, 30);

        Channel noRead = channelWith("", ".*", "^p\\.dst$");
        assertRefused(channelClose(noRead, () -> noRead.exchangeBind("p.dst", "p.src", "k3")),
                "read", "exchange 'p.src'", 40, 30);
    }

    @Test
    void exchangeUnbindIsCheckedLikeBind() throws Exception {
        Channel noRead = channelWith("", ".*", "");
        assertRefused(channelClose(noRead, () -> noRead.exchangeUnbind("p.dst", "p.src", "k")),
                "read", "exchange 'p.src'", 40, 40);
    }

    @Test
    void alternateExchangeOnCreationNeedsWriteOnItAndReadOnTheNewExchange() throws Exception {
        Map<String, Object> args = Map.of("alternate-exchange", "p.ae");
        Channel noWrite = channelWith(".*", "^nothing$", ".*");
        assertRefused(channelClose(noWrite,
                () -> noWrite.exchangeDeclare("p.with-ae-1", BuiltinExchangeType.DIRECT, false, false, args)),
                "write", "exchange 'p.ae'", 40, 10);

        Channel noRead = channelWith(".*", ".*", "^nothing$");
        assertRefused(channelClose(noRead,
                () -> noRead.exchangeDeclare("p.with-ae-2", BuiltinExchangeType.DIRECT, false, false, args)),
                "read", "exchange 'p.with-ae-2'", 40, 10);

        Channel allowed = channelWith("^p\\.with-ae", "^p\\.ae$", "^p\\.with-ae");
        allowed.exchangeDeclare("p.with-ae-3", BuiltinExchangeType.DIRECT, false, false, args);
    }

    // ---- queues --------------------------------------------------------------------------------

    @Test
    void queueDeclareNeedsConfigureOnTheQueueEvenIfItExists() throws Exception {
        Channel channel = channelWith("^p\\.own\\.", ".*", ".*");
        channel.queueDeclare("p.own.1", false, false, true, null);
        AMQP.Channel.Close close = channelClose(channel, () -> channel.queueDeclare("p.q", false, false, false, null));
        assertRefused(close, "configure", "queue 'p.q'", 50, 10);
    }

    @Test
    void serverNamedQueuesAreCheckedUnderTheirGeneratedName() throws Exception {
        Channel allowed = channelWith("^amq\\.gen-", "", "");
        assertThat(allowed.queueDeclare().getQueue()).startsWith("amq.gen-");

        Channel refused = channelWith("^p\\.", "", "");
        AMQP.Channel.Close close = channelClose(refused, refused::queueDeclare);
        assertThat(close.getReplyCode()).isEqualTo(403);
        assertThat(close.getReplyText()).matches("ACCESS_REFUSED - configure access to queue 'amq\\.gen-[A-Za-z0-9_-]{22}'"
                + " in vhost '/' refused for user '" + user + "'");
    }

    @Test
    void queueDeleteNeedsConfigure() throws Exception {
        admin().queueDeclare("p.doomed-q", false, false, false, null);
        Channel refused = channelWith("^p\\.q$", ".*", ".*");
        assertRefused(channelClose(refused, () -> refused.queueDelete("p.doomed-q")),
                "configure", "queue 'p.doomed-q'", 50, 40);
        admin().queueDeclarePassive("p.doomed-q");

        Channel allowed = channelWith("^p\\.doomed-q$", "", "");
        allowed.queueDelete("p.doomed-q");
    }

    @Test
    void queueBindNeedsWriteOnTheQueueAndReadOnTheExchange() throws Exception {
        Channel allowed = channelWith("", "^p\\.q$", "^p\\.x$");
        allowed.queueBind("p.q", "p.x", "bound");
        allowed.queueUnbind("p.q", "p.x", "bound");

        Channel noWrite = channelWith("", "^p\\.x$", ".*");
        assertRefused(channelClose(noWrite, () -> noWrite.queueBind("p.q", "p.x", "k")),
                "write", "queue 'p.q'", 50, 20);

        Channel noRead = channelWith("", ".*", "^p\\.q$");
        assertRefused(channelClose(noRead, () -> noRead.queueBind("p.q", "p.x", "k")),
                "read", "exchange 'p.x'", 50, 20);
    }

    @Test
    void queueUnbindIsCheckedLikeBind() throws Exception {
        Channel noWrite = channelWith("", "", ".*");
        assertRefused(channelClose(noWrite, () -> noWrite.queueUnbind("p.q", "p.x", "k")),
                "write", "queue 'p.q'", 50, 50);
    }

    @Test
    void queuePurgeNeedsRead() throws Exception {
        Channel allowed = channelWith("", "", "^p\\.q$");
        assertThat(allowed.queuePurge("p.q").getMessageCount()).isGreaterThanOrEqualTo(0);

        Channel refused = channelWith(".*", ".*", "^p\\.other$");
        assertRefused(channelClose(refused, () -> refused.queuePurge("p.q")), "read", "queue 'p.q'", 50, 30);
    }

    @Test
    @Disabled("BUG: queue.declare with x-dead-letter-exchange is refused 406 'arg ... is not supported by Warren yet' "
            + "instead of being checked for write on the DLX and read on the queue (channel/QueueHandler, vhost/QueueArguments)")
    void deadLetterExchangeOnCreationNeedsWriteOnItAndReadOnTheQueue() throws Exception {
        Map<String, Object> args = Map.of("x-dead-letter-exchange", "p.ae");
        Channel noWrite = channelWith(".*", "^nothing$", ".*");
        assertRefused(channelClose(noWrite, () -> noWrite.queueDeclare("p.dlq-1", false, false, true, args)),
                "write", "exchange 'p.ae'", 50, 10);

        Channel noRead = channelWith(".*", ".*", "^nothing$");
        assertRefused(channelClose(noRead, () -> noRead.queueDeclare("p.dlq-2", false, false, true, args)),
                "read", "queue 'p.dlq-2'", 50, 10);
    }

    // ---- basic ---------------------------------------------------------------------------------

    @Test
    void publishNeedsWriteOnTheExchange() throws Exception {
        Channel allowed = channelWith("", "direct", "");
        allowed.confirmSelect();
        allowed.basicPublish("amq.direct", "k", null, new byte[] {1});
        assertThat(allowed.waitForConfirms(5000)).isTrue();

        Channel refused = channelWith("", "direct", "");
        AMQP.Channel.Close close = channelClose(refused,
                () -> refused.basicPublish("amq.fanout", "k", null, new byte[] {1}));
        assertRefused(close, "write", "exchange 'amq.fanout'", 60, 40);
    }

    @Test
    void defaultExchangeIsCheckedAsAmqDefault() throws Exception {
        Channel admin = admin();
        String queue = admin.queueDeclare().getQueue(); // exclusive to admin's connection: publishing is allowed
        Channel allowed = channelWith("", "^amq\\.default$", "");
        allowed.basicPublish("", queue, null, new byte[] {7});
        assertThat(ConnectionTuningIT.get(admin, queue).getBody()).containsExactly(7);

        Channel refused = channelWith("", "^" + queue + "$", "");
        AMQP.Channel.Close close = channelClose(refused, () -> refused.basicPublish("", queue, null, new byte[] {8}));
        assertRefused(close, "write", "exchange 'amq.default'", 60, 40);
    }

    @Test
    void basicGetNeedsRead() throws Exception {
        Channel allowed = channelWith("", "", "^p\\.q$");
        allowed.basicGet("p.q", true);

        Channel refused = channelWith(".*", ".*", "^p\\.other$");
        assertRefused(channelClose(refused, () -> refused.basicGet("p.q", true)), "read", "queue 'p.q'", 60, 70);
    }

    @Test
    void basicConsumeNeedsRead() throws Exception {
        Channel allowed = channelWith("", "", "^p\\.other$");
        String tag = allowed.basicConsume("p.other", true, new DefaultConsumer(allowed));
        allowed.basicCancel(tag);

        Channel refused = channelWith(".*", ".*", "^p\\.other$");
        assertRefused(channelClose(refused, () -> refused.basicConsume("p.q", true, new DefaultConsumer(refused))),
                "read", "queue 'p.q'", 60, 20);
    }

    // ---- regex semantics -----------------------------------------------------------------------

    @Test
    void permissionRegexesAreUnanchoredSearches() throws Exception {
        Channel channel = channelWith("mid", "", "");
        channel.queueDeclare("p.xmidy", false, false, true, null);
        channel.exchangeDeclare("mid-start", BuiltinExchangeType.FANOUT, false, true, null);
        channel.exchangeDelete("mid-start");
    }

    @Test
    void anchoredRegexesMatchOnlyWholeNames() throws Exception {
        Channel channel = channelWith("^p\\.exact$", "", "");
        channel.queueDeclare("p.exact", false, false, true, null);
        assertRefused(channelClose(channel, () -> channel.queueDeclare("p.exactly", false, false, true, null)),
                "configure", "queue 'p.exactly'", 50, 10);
    }

    @Test
    void emptyPermissionAllowsNothing() throws Exception {
        Channel configure = channelWith("", ".*", ".*");
        assertRefused(channelClose(configure, () -> configure.queueDeclare("p.never", false, false, true, null)),
                "configure", "queue 'p.never'", 50, 10);

        Channel write = channelWith(".*", "", ".*");
        assertRefused(channelClose(write, () -> write.basicPublish("", "p.q", null, new byte[0])),
                "write", "exchange 'amq.default'", 60, 40);

        Channel read = channelWith(".*", ".*", "");
        assertRefused(channelClose(read, () -> read.basicGet("p.q", true)), "read", "queue 'p.q'", 60, 70);
    }

    @Test
    void refusalClosesOnlyTheChannel() throws Exception {
        Channel refused = channelWith("^p\\.ok", ".*", ".*");
        channelClose(refused, () -> refused.queueDeclare("p.nope", false, false, true, null));
        assertThat(refused.getConnection().isOpen()).isTrue();
        Channel next = refused.getConnection().createChannel();
        assertThat(next.queueDeclare("p.ok-1", false, false, true, null).getQueue()).isEqualTo("p.ok-1");
    }

    @Test
    void permissionsGrantedLaterApplyToNewConnections() throws Exception {
        Channel before = channelWith("^nothing$", "", "");
        assertRefused(channelClose(before, () -> before.queueDeclare("p.later", false, false, true, null)),
                "configure", "queue 'p.later'", 50, 10);
        broker.services().users().setPermission(user, "/", new Permission("^p\\.later$", "", ""));
        Channel after = connect(broker, user, "pw").createChannel();
        assertThat(after.queueDeclare("p.later", false, false, true, null).getQueue()).isEqualTo("p.later");
    }
}
