package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.assertConnectionError;
import static io.warren.broker.it.BasicClassSupport.awaitGet;
import static io.warren.broker.it.BasicClassSupport.bytes;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.LongStringHelper;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.publish: routing, the checks RabbitMQ makes, returns, properties, big bodies, CC/BCC. */
class BasicPublishIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String queue(Channel channel, String prefix) throws Exception {
        String name = BrokerExtension.uniqueName(prefix);
        channel.queueDeclare(name, false, false, true, null);
        return name;
    }

    @Test
    void theDefaultExchangeRoutesByQueueName() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-default");
        channel.basicPublish("", q, null, bytes("hello"));
        GetResponse got = awaitGet(channel, q, true);
        assertThat(text(got.getBody())).isEqualTo("hello");
        assertThat(got.getEnvelope().getExchange()).isEmpty();
        assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(q);
        assertThat(got.getEnvelope().isRedeliver()).isFalse();
        assertThat(channel.basicGet(q, true)).isNull();
    }

    @Test
    void aMissingQueueOnTheDefaultExchangeIsJustUnroutable() throws Exception {
        Channel channel = broker.channel();
        LinkedBlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        channel.confirmSelect();
        channel.basicPublish("", BrokerExtension.uniqueName("no-such-queue"), false, null, bytes("x"));
        channel.waitForConfirmsOrDie(5000);
        assertThat(channel.isOpen()).isTrue();
        assertThat(returns).isEmpty();
    }

    @Test
    void publishingToAMissingExchangeIs404AndClosesOnlyTheChannel() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        String exchange = BrokerExtension.uniqueName("no-such-exchange");
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish(exchange, "k", null, bytes("x"));
            channel.queueDeclare(); // a round trip: the close arrives first
        });
        AMQP.Channel.Close close = assertChannelError(signal, 404,
                "NOT_FOUND - no exchange '" + exchange + "' in vhost '/'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(connection.isOpen()).isTrue();
        Channel another = connection.createChannel();
        assertThat(another.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void mandatoryUnroutableComesBackAs312NoRouteWithTheOriginalContent() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("pub-direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
        String q = queue(channel, "pub-bound");
        channel.queueBind(q, exchange, "bound");
        LinkedBlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("h", "v");
        headers.put("n", 42);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("text/plain").messageId("m-1").correlationId("c-1").headers(headers)
                .deliveryMode(2).priority(3).build();

        channel.basicPublish(exchange, "unbound", true, props, bytes("lost"));
        channel.basicPublish(exchange, "bound", true, props, bytes("kept"));

        Return returned = returns.poll(5, TimeUnit.SECONDS);
        assertThat(returned).isNotNull();
        assertThat(returned.getReplyCode()).isEqualTo(312);
        assertThat(returned.getReplyText()).isEqualTo("NO_ROUTE");
        assertThat(returned.getExchange()).isEqualTo(exchange);
        assertThat(returned.getRoutingKey()).isEqualTo("unbound");
        assertThat(text(returned.getBody())).isEqualTo("lost");
        AMQP.BasicProperties back = returned.getProperties();
        assertThat(back.getContentType()).isEqualTo("text/plain");
        assertThat(back.getMessageId()).isEqualTo("m-1");
        assertThat(back.getCorrelationId()).isEqualTo("c-1");
        assertThat(back.getDeliveryMode()).isEqualTo(2);
        assertThat(back.getPriority()).isEqualTo(3);
        assertThat(back.getHeaders()).containsEntry("n", 42);
        assertThat(back.getHeaders().get("h").toString()).isEqualTo("v");

        assertThat(text(awaitGet(channel, q, true).getBody())).isEqualTo("kept");
        assertThat(returns.poll(100, TimeUnit.MILLISECONDS)).as("the routed one is not returned").isNull();
    }

    @Test
    void mandatoryToTheDefaultExchangeWithoutSuchQueueIsReturned() throws Exception {
        Channel channel = broker.channel();
        LinkedBlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        String missing = BrokerExtension.uniqueName("missing");
        channel.basicPublish("", missing, true, null, new byte[0]);
        Return returned = returns.poll(5, TimeUnit.SECONDS);
        assertThat(returned).isNotNull();
        assertThat(returned.getReplyCode()).isEqualTo(312);
        assertThat(returned.getReplyText()).isEqualTo("NO_ROUTE");
        assertThat(returned.getExchange()).isEmpty();
        assertThat(returned.getRoutingKey()).isEqualTo(missing);
        assertThat(returned.getBody()).isEmpty();
    }

    @Test
    void immediateIsAConnectionError540() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        String q = queue(channel, "pub-immediate");
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish("", q, true, true, null, bytes("x"));
            channel.queueDeclarePassive(q);
        });
        AMQP.Connection.Close close = assertConnectionError(signal, 540, "NOT_IMPLEMENTED - immediate=true");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aForeignUserIdIsRefusedWith406() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-userid");
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().userId("guest").build(), bytes("mine"));
        GetResponse got = awaitGet(channel, q, true);
        assertThat(got.getProps().getUserId()).isEqualTo("guest");

        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish("", q, new AMQP.BasicProperties.Builder().userId("bob").build(), bytes("forged"));
            channel.queueDeclarePassive(q);
        });
        AMQP.Channel.Close close = assertChannelError(signal, 406,
                "PRECONDITION_FAILED - user_id property set to 'bob' but authenticated user was 'guest'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        Channel check = broker.channel();
        assertThat(check.queueDeclarePassive(q).getMessageCount()).as("the forged message was not enqueued").isZero();
    }

    /** Every header value type the Java client writes, keyed by the type. */
    static Map<String, Object> everyHeaderType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", "deep");
        nested.put("count", 7);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("string", "héllo wörld");
        headers.put("longstring", LongStringHelper.asLongString("long string"));
        headers.put("int", Integer.MIN_VALUE);
        headers.put("long", Long.MAX_VALUE);
        headers.put("short", (short) -1234);
        headers.put("byte", (byte) -7);
        headers.put("bool-true", true);
        headers.put("bool-false", false);
        headers.put("float", 1.5f);
        headers.put("double", -2.25e100);
        headers.put("decimal", new BigDecimal("-1234.567"));
        headers.put("timestamp", new Date(1_700_000_000_000L));
        headers.put("bytes", new byte[] {0, 1, 2, (byte) 0xff});
        headers.put("void", null);
        headers.put("table", nested);
        headers.put("array", List.of("a", 1, true, List.of(2L)));
        headers.put("object-array", new Object[] {"b", (short) 3});
        headers.put("empty-table", Map.of());
        headers.put("empty-array", List.of());
        return headers;
    }

    static AMQP.BasicProperties allProperties(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("gzip")
                .headers(headers)
                .deliveryMode(2)
                .priority(9)
                .correlationId("corr-42")
                .replyTo("reply-queue")
                .expiration("600000")
                .messageId("msg-42")
                .timestamp(new Date(1_600_000_000_000L))
                .type("order.created")
                .userId("guest")
                .appId("warren-tests")
                .clusterId("cluster-7")
                .build();
    }

    static void assertAllProperties(AMQP.BasicProperties p) {
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getContentEncoding()).isEqualTo("gzip");
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getPriority()).isEqualTo(9);
        assertThat(p.getCorrelationId()).isEqualTo("corr-42");
        assertThat(p.getReplyTo()).isEqualTo("reply-queue");
        assertThat(p.getExpiration()).isEqualTo("600000");
        assertThat(p.getMessageId()).isEqualTo("msg-42");
        assertThat(p.getTimestamp()).isEqualTo(new Date(1_600_000_000_000L));
        assertThat(p.getType()).isEqualTo("order.created");
        assertThat(p.getUserId()).isEqualTo("guest");
        assertThat(p.getAppId()).isEqualTo("warren-tests");
        assertThat(p.getClusterId()).isEqualTo("cluster-7");
    }

    @SuppressWarnings("unchecked")
    static void assertEveryHeaderType(Map<String, Object> h) {
        assertThat(h.get("string")).isInstanceOf(LongString.class);
        assertThat(h.get("string").toString()).isEqualTo("héllo wörld");
        assertThat(h.get("longstring")).isInstanceOf(LongString.class);
        assertThat(h.get("longstring").toString()).isEqualTo("long string");
        assertThat(h.get("int")).isEqualTo(Integer.MIN_VALUE);
        assertThat(h.get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(h.get("short")).isEqualTo((short) -1234);
        assertThat(h.get("byte")).isEqualTo((byte) -7);
        assertThat(h.get("bool-true")).isEqualTo(true);
        assertThat(h.get("bool-false")).isEqualTo(false);
        assertThat(h.get("float")).isEqualTo(1.5f);
        assertThat(h.get("double")).isEqualTo(-2.25e100);
        assertThat(h.get("decimal")).isEqualTo(new BigDecimal("-1234.567"));
        assertThat(h.get("timestamp")).isEqualTo(new Date(1_700_000_000_000L));
        assertThat((byte[]) h.get("bytes")).containsExactly(0, 1, 2, 0xff);
        assertThat(h).containsKey("void");
        assertThat(h.get("void")).isNull();
        Map<String, Object> table = (Map<String, Object>) h.get("table");
        assertThat(table.get("inner").toString()).isEqualTo("deep");
        assertThat(table.get("count")).isEqualTo(7);
        List<Object> array = (List<Object>) h.get("array");
        assertThat(array).hasSize(4);
        assertThat(array.get(0).toString()).isEqualTo("a");
        assertThat(array.get(1)).isEqualTo(1);
        assertThat(array.get(2)).isEqualTo(true);
        assertThat((List<Object>) array.get(3)).containsExactly(2L);
        List<Object> objectArray = (List<Object>) h.get("object-array");
        assertThat(objectArray.get(0).toString()).isEqualTo("b");
        assertThat(objectArray.get(1)).isEqualTo((short) 3);
        assertThat((Map<String, Object>) h.get("empty-table")).isEmpty();
        assertThat((List<Object>) h.get("empty-array")).isEmpty();
    }

    @Test
    void allFourteenPropertiesAndEveryHeaderTypeArriveIntact() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-props");
        channel.basicPublish("", q, allProperties(everyHeaderType()), bytes("props"));

        GetResponse got = awaitGet(channel, q, true);
        assertAllProperties(got.getProps());
        assertEveryHeaderType(got.getProps().getHeaders());
        // The Java client reads tables into a HashMap, so only the key set can be compared.
        assertThat(got.getProps().getHeaders().keySet())
                .containsExactlyInAnyOrderElementsOf(everyHeaderType().keySet());

        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, true, recorder);
        channel.basicPublish("", q, allProperties(everyHeaderType()), bytes("props"));
        Delivery delivered = recorder.next();
        assertAllProperties(delivered.properties());
        assertEveryHeaderType(delivered.properties().getHeaders());
    }

    @Test
    void noPropertiesAtAllStayAbsent() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-noprops");
        channel.basicPublish("", q, null, bytes("bare"));
        AMQP.BasicProperties p = awaitGet(channel, q, true).getProps();
        assertThat(p.getHeaders()).isNull();
        assertThat(p.getContentType()).isNull();
        assertThat(p.getDeliveryMode()).isNull();
        assertThat(p.getMessageId()).isNull();
        assertThat(p.getTimestamp()).isNull();
    }

    @Test
    void largeBodiesSplitAcrossFramesArriveIntact() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-large");
        Random random = new Random(7);
        int frameMax = channel.getConnection().getFrameMax();
        int[] sizes = {0, 1, frameMax - 8, frameMax - 7, frameMax * 3, 5 * 1024 * 1024 + 3};
        List<byte[]> bodies = new ArrayList<>();
        for (int size : sizes) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            bodies.add(body);
        }
        channel.confirmSelect();
        for (byte[] body : bodies) {
            channel.basicPublish("", q, null, body);
        }
        channel.waitForConfirmsOrDie(10_000);

        // Half through basic.get, half through a consumer: both delivery paths.
        for (int i = 0; i < 3; i++) {
            GetResponse got = awaitGet(channel, q, false);
            assertThat(got.getBody()).as("body %d (%d bytes)", i, sizes[i]).isEqualTo(bodies.get(i));
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        }
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        for (int i = 3; i < sizes.length; i++) {
            Delivery d = recorder.next();
            assertThat(d.body()).as("body %d (%d bytes)", i, sizes[i]).isEqualTo(bodies.get(i));
            channel.basicAck(d.tag(), false);
        }
    }

    @Test
    void ccAndBccHeadersRouteToExtraKeysAndBccIsHidden() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("pub-cc");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
        String main = queue(channel, "cc-main");
        String cc = queue(channel, "cc-cc");
        String bcc = queue(channel, "cc-bcc");
        String other = queue(channel, "cc-other");
        channel.queueBind(main, exchange, "main");
        channel.queueBind(cc, exchange, "copy");
        channel.queueBind(bcc, exchange, "blind");
        channel.queueBind(other, exchange, "other");

        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("CC", List.of("copy"));
        headers.put("BCC", List.of("blind"));
        headers.put("keep", "me");
        channel.basicPublish(exchange, "main", new AMQP.BasicProperties.Builder().headers(headers).build(),
                bytes("memo"));

        for (String q : List.of(main, cc, bcc)) {
            GetResponse got = awaitGet(channel, q, true);
            assertThat(text(got.getBody())).isEqualTo("memo");
            assertThat(got.getEnvelope().getRoutingKey()).as("routing key seen in %s", q).isEqualTo("main");
            Map<String, Object> seen = got.getProps().getHeaders();
            assertThat(seen).as("headers seen in %s", q).doesNotContainKey("BCC").containsKey("CC");
            assertThat(seen.get("keep").toString()).isEqualTo("me");
            assertThat((List<?>) seen.get("CC")).extracting(Object::toString).containsExactly("copy");
        }
        assertThat(channel.queueDeclarePassive(other).getMessageCount()).isZero();
    }

    @Test
    void ccAndBccOnTheDefaultExchangeNameQueuesAndOneCopyPerQueue() throws Exception {
        Channel channel = broker.channel();
        String a = queue(channel, "ccd-a");
        String b = queue(channel, "ccd-b");
        String c = queue(channel, "ccd-c");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("CC", List.of(b, a)); // a twice: still one copy
        headers.put("BCC", List.of(c));
        channel.confirmSelect();
        channel.basicPublish("", a, new AMQP.BasicProperties.Builder().headers(headers).build(), bytes("x"));
        channel.waitForConfirmsOrDie(5000);
        BasicClassSupport.awaitReady(channel, a, 1);
        BasicClassSupport.awaitReady(channel, b, 1);
        BasicClassSupport.awaitReady(channel, c, 1);
    }

    @Test
    void everyHeaderTypeSurvivesWhenBccIsStripped() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "bcc-types");
        String hidden = queue(channel, "bcc-hidden");
        Map<String, Object> headers = everyHeaderType();
        headers.put("BCC", List.of(hidden));
        channel.basicPublish("", q, allProperties(headers), bytes("typed"));
        for (String name : List.of(q, hidden)) {
            GetResponse got = awaitGet(channel, name, true);
            assertAllProperties(got.getProps());
            assertThat(got.getProps().getHeaders()).doesNotContainKey("BCC");
            assertEveryHeaderType(got.getProps().getHeaders());
        }
    }

    @Test
    void aLongStringThatIsNotUtf8SurvivesWhenBccIsStripped() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "bcc-binary");
        String hidden = queue(channel, "bcc-binary-hidden");
        byte[] raw = {(byte) 0xc3, (byte) 0x28, (byte) 0xff, 0, 'a'};
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("raw", LongStringHelper.asLongString(raw));
        headers.put("BCC", List.of(hidden));
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().headers(headers).build(), bytes("b"));
        for (String name : List.of(q, hidden)) {
            GetResponse got = awaitGet(channel, name, true);
            assertThat(((LongString) got.getProps().getHeaders().get("raw")).getBytes()).as("in %s", name)
                    .containsExactly(raw);
        }
    }

    @Test
    void aGetRightAfterAPublishOnTheSameChannelSeesTheMessage() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-then-get");
        for (int i = 0; i < 100; i++) {
            channel.basicPublish("", q, null, bytes("m" + i));
            GetResponse got = channel.basicGet(q, true);
            assertThat(got).as("publish %d then get, no retry", i).isNotNull();
            assertThat(text(got.getBody())).isEqualTo("m" + i);
        }
    }

    @Test
    void immediateIsCheckedBeforeTheExchange() throws Exception {
        Channel channel = broker.channel();
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish(BrokerExtension.uniqueName("missing"), "k", false, true, null, bytes("x"));
            channel.queueDeclare();
        });
        assertConnectionError(signal, 540, "NOT_IMPLEMENTED - immediate=true");
    }

    @Test
    void theExchangeIsCheckedBeforeTheUserId() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("missing");
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish(exchange, "k", new AMQP.BasicProperties.Builder().userId("bob").build(), bytes("x"));
            channel.queueDeclare();
        });
        assertChannelError(signal, 404, "NOT_FOUND - no exchange '" + exchange + "' in vhost '/'");
    }

    @Test
    void aValidExpirationIsAccepted() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pub-expiration-ok");
        for (String expiration : List.of("60000", "+15000", "4294967295")) {
            channel.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration(expiration).build(),
                    bytes("x"));
            assertThat(awaitGet(channel, q, true).getProps().getExpiration()).isEqualTo(expiration);
        }
    }

    @Test
    void anInvalidExpirationIs406() throws Exception {
        String[][] cases = {
            {"soon", "no_integer"},
            {"10s", "{leftover_string,\"s\"}"},
            {"-5", "{value_negative,-5}"},
            {"4294967296", "{value_too_big,4294967296}"},
            {"", "no_integer"},
        };
        for (String[] c : cases) {
            Channel channel = broker.channel();
            String q = queue(channel, "pub-expiration-bad");
            ShutdownSignalException signal = closedBy(channel, () -> {
                channel.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration(c[0]).build(), bytes("x"));
                channel.queueDeclarePassive(q);
            });
            AMQP.Channel.Close close = assertChannelError(signal, 406,
                    "PRECONDITION_FAILED - invalid expiration '" + c[0] + "': " + c[1]);
            assertThat(close.getMethodId()).isEqualTo(40);
            Channel check = broker.channel();
            assertThat(check.basicGet(q, true)).isNull();
            check.queueDelete(q);
        }
    }

    @Test
    void commandsPipelinedAfterAChannelErrorAreDiscarded() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "pipelined");
        String missing = BrokerExtension.uniqueName("missing");
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish(missing, "k", null, bytes("refused"));
            for (int i = 0; i < 20; i++) {
                channel.basicPublish("", q, null, bytes("after the error " + i));
            }
        });
        assertChannelError(signal, 404, "NOT_FOUND - no exchange '" + missing + "' in vhost '/'");
        Channel check = broker.channel();
        Thread.sleep(50);
        assertThat(check.basicGet(q, true)).as("nothing after the failed publish was routed").isNull();
    }

    @Test
    void aReturnedMessageHasNoBccHeaderEither() throws Exception {
        Channel channel = broker.channel();
        LinkedBlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("CC", List.of(BrokerExtension.uniqueName("nobody")));
        headers.put("BCC", List.of(BrokerExtension.uniqueName("nobody")));
        String missing = BrokerExtension.uniqueName("nobody");
        channel.basicPublish("", missing, true, new AMQP.BasicProperties.Builder().headers(headers).build(),
                bytes("r"));
        Return returned = returns.poll(5, TimeUnit.SECONDS);
        assertThat(returned).isNotNull();
        assertThat(returned.getRoutingKey()).isEqualTo(missing);
        assertThat(returned.getProperties().getHeaders()).containsKey("CC").doesNotContainKey("BCC");
    }
}
