package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.it.ClientSupport.publish;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.warren.broker.testing.BrokerExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routing through each exchange type, the default exchange and the pre-declared exchanges. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExchangeRoutingIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    // ---- direct and fanout -------------------------------------------------------------------

    @Test
    void directRoutesOnTheExactKeyAndDeliversOneCopyPerQueue() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("direct");
        channel.exchangeDeclare(x, "direct");
        String qa = channel.queueDeclare().getQueue();
        String qb = channel.queueDeclare().getQueue();
        String qab = channel.queueDeclare().getQueue();
        String qEmpty = channel.queueDeclare().getQueue();
        channel.queueBind(qa, x, "a");
        channel.queueBind(qb, x, "b");
        channel.queueBind(qab, x, "a");
        channel.queueBind(qab, x, "b");
        channel.queueBind(qEmpty, x, "");
        publish(channel, x, "a", "to-a");
        publish(channel, x, "b", "to-b");
        publish(channel, x, "A", "case-matters");
        publish(channel, x, "a.b", "no-pattern");
        publish(channel, x, "", "empty");
        assertThat(drain(channel, qa)).containsExactly("to-a");
        assertThat(drain(channel, qb)).containsExactly("to-b");
        assertThat(drain(channel, qab)).containsExactly("to-a", "to-b");
        assertThat(drain(channel, qEmpty)).containsExactly("empty");
    }

    @Test
    void directWithCcAndBccRoutesEachQueueOnce() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("direct-cc");
        channel.exchangeDeclare(x, "direct");
        String qa = channel.queueDeclare().getQueue();
        String qb = channel.queueDeclare().getQueue();
        channel.queueBind(qa, x, "a");
        channel.queueBind(qb, x, "b");
        Map<String, Object> headers = new HashMap<>();
        headers.put("CC", List.of("b", "a"));
        channel.basicPublish(x, "a", new AMQP.BasicProperties.Builder().headers(headers).build(), bytes("cc"));
        assertThat(drain(channel, qa)).containsExactly("cc");
        assertThat(drain(channel, qb)).containsExactly("cc");
    }

    @Test
    void fanoutIgnoresTheRoutingKey() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("fanout");
        channel.exchangeDeclare(x, "fanout");
        String q1 = channel.queueDeclare().getQueue();
        String q2 = channel.queueDeclare().getQueue();
        String unbound = channel.queueDeclare().getQueue();
        channel.queueBind(q1, x, "");
        channel.queueBind(q2, x, "whatever");
        channel.queueBind(q2, x, "twice"); // two bindings, one copy
        publish(channel, x, "", "m1");
        publish(channel, x, "any.key", "m2");
        assertThat(drain(channel, q1)).containsExactly("m1", "m2");
        assertThat(drain(channel, q2)).containsExactly("m1", "m2");
        assertThat(drain(channel, unbound)).isEmpty();
    }

    // ---- topic -------------------------------------------------------------------------------

    private static final List<String> ROUTING_KEYS = List.of(
            "", "a", "a.b", "a.x.b", "a.x.y.b", "x.a", "a.", ".", "a..b", "b", "a*", "a.b.c", "*", "#", ".a");

    /** Binding pattern -> the routing keys of {@link #ROUTING_KEYS} it matches, from RabbitMQ's trie semantics. */
    private static Map<String, List<String>> topicExpectations() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("#", ROUTING_KEYS);
        expected.put("#.#", ROUTING_KEYS);
        expected.put("*.#", ROUTING_KEYS.subList(1, ROUTING_KEYS.size()));
        expected.put("*", List.of("a", "b", "a*", "*", "#"));
        expected.put("", List.of(""));
        expected.put("a.#", List.of("a", "a.b", "a.x.b", "a.x.y.b", "a.", "a..b", "a.b.c"));
        expected.put("a.#.b", List.of("a.b", "a.x.b", "a.x.y.b", "a..b"));
        expected.put("#.a", List.of("a", "x.a", ".a"));
        expected.put("#.b", List.of("a.b", "a.x.b", "a.x.y.b", "a..b", "b"));
        expected.put("a.*", List.of("a.b", "a."));
        expected.put("*.*", List.of("a.b", "x.a", "a.", ".", ".a"));
        expected.put("a..b", List.of("a..b"));
        expected.put("a.*.b", List.of("a.x.b", "a..b"));
        expected.put("a*", List.of("a*"));
        expected.put("a.b.#", List.of("a.b", "a.b.c"));
        expected.put(".a", List.of(".a"));
        expected.put("a.", List.of("a."));
        expected.put("#.*.#", ROUTING_KEYS.subList(1, ROUTING_KEYS.size()));
        return expected;
    }

    @Test
    void topicPatternsMatchAsInRabbitMq() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("topic");
        channel.exchangeDeclare(x, "topic");
        Map<String, List<String>> expected = topicExpectations();
        Map<String, String> queueOf = new LinkedHashMap<>();
        for (String pattern : expected.keySet()) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, x, pattern);
            queueOf.put(pattern, queue);
        }
        for (String key : ROUTING_KEYS) {
            publish(channel, x, key, "key=" + key);
        }
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> want = e.getValue().stream().map(k -> "key=" + k).toList();
            List<String> got = drain(channel, queueOf.get(e.getKey()));
            if (!got.equals(want)) {
                mismatches.add("pattern '" + e.getKey() + "': expected " + want + " but got " + got);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void topicDeliversOneCopyWhenSeveralPatternsOfAQueueMatch() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("topic-dup");
        channel.exchangeDeclare(x, "topic");
        String queue = channel.queueDeclare().getQueue();
        for (String pattern : List.of("a.#", "#.b", "a.*", "#", "a.b", "*.*")) {
            channel.queueBind(queue, x, pattern);
        }
        publish(channel, x, "a.b", "once");
        assertThat(drain(channel, queue)).containsExactly("once");
    }

    @Test
    void topicUnbindRemovesOnlyThatPattern() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("topic-unbind");
        channel.exchangeDeclare(x, "topic");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "a.*");
        channel.queueBind(queue, x, "a.#");
        channel.queueUnbind(queue, x, "a.*");
        publish(channel, x, "a.b", "via-hash");
        publish(channel, x, "a", "via-hash-zero");
        channel.queueUnbind(queue, x, "a.#");
        publish(channel, x, "a.b", "none");
        assertThat(drain(channel, queue)).containsExactly("via-hash", "via-hash-zero");
    }

    // ---- headers -----------------------------------------------------------------------------

    private static Map<String, Object> args(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void headersMatchModes() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("headers");
        channel.exchangeDeclare(x, "headers");
        Map<String, Map<String, Object>> bindings = new LinkedHashMap<>();
        bindings.put("all", args("x-match", "all", "a", 1, "b", "x"));
        bindings.put("default", args("a", 1, "b", "x"));
        bindings.put("any", args("x-match", "any", "a", 1, "b", "x"));
        bindings.put("allNothing", args("x-match", "all"));
        bindings.put("anyNothing", args("x-match", "any"));
        bindings.put("allIgnoresX", args("x-match", "all", "a", 1, "x-k", "v"));
        bindings.put("anyIgnoresX", args("x-match", "any", "x-k", "v"));
        bindings.put("allWithX", args("x-match", "all-with-x", "x-k", "v", "a", 1));
        bindings.put("anyWithX", args("x-match", "any-with-x", "x-k", "v", "b", "y"));
        bindings.put("void", args("c", null));
        Map<String, String> queueOf = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> b : bindings.entrySet()) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, x, "", b.getValue());
            queueOf.put(b.getKey(), queue);
        }
        publish(channel, x, "ab", args("a", 1, "b", "x"));
        publish(channel, x, "a", args("a", 1));
        publish(channel, x, "none", (Map<String, Object>) null);
        publish(channel, x, "xk", args("x-k", "v"));
        publish(channel, x, "xk-a", args("x-k", "v", "a", 1, "zzz", "extra"));
        publish(channel, x, "c", args("c", "anything"));
        publish(channel, x, "c-void", args("c", null));
        publish(channel, x, "a-string", args("a", "1"));
        publish(channel, x, "b-y", args("b", "y"));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("all", List.of("ab"));
        expected.put("default", List.of("ab"));
        expected.put("any", List.of("ab", "a", "xk-a"));
        expected.put("allNothing", List.of("ab", "a", "none", "xk", "xk-a", "c", "c-void", "a-string", "b-y"));
        expected.put("anyNothing", List.of());
        expected.put("allIgnoresX", List.of("ab", "a", "xk-a"));
        expected.put("anyIgnoresX", List.of());
        expected.put("allWithX", List.of("xk-a"));
        expected.put("anyWithX", List.of("xk", "xk-a", "b-y"));
        expected.put("void", List.of("c", "c-void"));
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> got = drain(channel, queueOf.get(e.getKey()));
            if (!got.equals(e.getValue())) {
                mismatches.add(e.getKey() + ": expected " + e.getValue() + " but got " + got);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void headersCompareEveryValueTypeOfTheJavaClient() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("headers-types");
        channel.exchangeDeclare(x, "headers");
        Date when = new Date(1_700_000_000_000L);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("str", "text");
        values.put("int", 42);
        values.put("long", 1L << 40);
        values.put("short", (short) 7);
        values.put("byte", (byte) 3);
        values.put("bool", true);
        values.put("double", 1.5d);
        values.put("float", 2.5f);
        values.put("decimal", new BigDecimal("12.34"));
        values.put("timestamp", when);
        values.put("bytes", bytes("raw"));
        values.put("array", List.of("p", "q"));
        values.put("table", Map.of("k", "v"));
        Map<String, String> queueOf = new LinkedHashMap<>();
        for (Map.Entry<String, Object> value : values.entrySet()) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, x, "", args("x-match", "all", value.getKey(), value.getValue()));
            queueOf.put(value.getKey(), queue);
        }
        publish(channel, x, "same", new HashMap<>(values));
        Map<String, Object> different = new LinkedHashMap<>();
        different.put("str", "other");
        different.put("int", 43);
        different.put("long", (1L << 40) + 1);
        different.put("short", (short) 8);
        different.put("byte", (byte) 4);
        different.put("bool", false);
        different.put("double", 1.25d);
        different.put("float", 2.25f);
        different.put("decimal", new BigDecimal("12.35"));
        different.put("timestamp", new Date(1_700_000_001_000L));
        different.put("bytes", bytes("RAW"));
        different.put("array", List.of("q", "p"));
        different.put("table", Map.of("k", "w"));
        publish(channel, x, "different", different);
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> q : queueOf.entrySet()) {
            List<String> got = drain(channel, q.getValue());
            if (!got.equals(List.of("same"))) {
                mismatches.add(q.getKey() + ": got " + got);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void headersCompareIntegersAcrossWidthsButNotAgainstBooleansOrStrings() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("headers-int");
        channel.exchangeDeclare(x, "headers");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "", args("n", 1));
        String boolQueue = channel.queueDeclare().getQueue();
        channel.queueBind(boolQueue, x, "", args("flag", true));
        publish(channel, x, "long", args("n", 1L));
        publish(channel, x, "short", args("n", (short) 1));
        publish(channel, x, "byte", args("n", (byte) 1));
        publish(channel, x, "int", args("n", 1));
        publish(channel, x, "string", args("n", "1"));
        publish(channel, x, "bool", args("n", true));
        publish(channel, x, "two", args("n", 2L));
        publish(channel, x, "flag-int", args("flag", 1));
        publish(channel, x, "flag-str", args("flag", "true"));
        publish(channel, x, "flag", args("flag", true));
        assertThat(drain(channel, queue)).containsExactly("long", "short", "byte", "int");
        assertThat(drain(channel, boolQueue)).containsExactly("flag");
    }

    @Test
    void headersTreatAStringAndAByteArrayWithTheSameBytesAsEqual() throws Exception {
        // In RabbitMQ both longstr and binary values are Erlang binaries compared with ==.
        Channel channel = channel(broker);
        String x = uniqueName("headers-bin");
        channel.exchangeDeclare(x, "headers");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "", args("s", "abc"));
        publish(channel, x, "bytes", args("s", bytes("abc")));
        publish(channel, x, "other-bytes", args("s", bytes("abd")));
        assertThat(drain(channel, queue)).containsExactly("bytes");
    }

    @Test
    void headersCompareIntegersAndFloatsByValueAsRabbitMq3Does() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("headers-num");
        channel.exchangeDeclare(x, "headers");
        String intQueue = channel.queueDeclare().getQueue();
        channel.queueBind(intQueue, x, "", args("n", 1));
        String floatQueue = channel.queueDeclare().getQueue();
        channel.queueBind(floatQueue, x, "", args("f", 2.0d));
        publish(channel, x, "n-double", args("n", 1.0d));
        publish(channel, x, "n-float", args("n", 1.0f));
        publish(channel, x, "n-half", args("n", 1.5d));
        publish(channel, x, "f-int", args("f", 2));
        publish(channel, x, "f-long", args("f", 2L));
        assertThat(drain(channel, intQueue)).containsExactly("n-double", "n-float");
        assertThat(drain(channel, floatQueue)).containsExactly("f-int", "f-long");
    }

    @Test
    void headersBindingWithAnInvalidXMatchIsRefused() throws Exception {
        Channel setup = channel(broker);
        String x = uniqueName("headers-bad");
        setup.exchangeDeclare(x, "headers");
        String queue = setup.queueDeclare(uniqueName("hq"), false, false, false, null).getQueue();
        Channel c1 = setup.getConnection().createChannel();
        AMQP.Channel.Close close = channelError(406, "PRECONDITION_FAILED - Invalid x-match field value <<\"some\">>;"
                + " expected all, any, all-with-x, or any-with-x",
                () -> c1.queueBind(queue, x, "", args("x-match", "some")));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(20);
        Channel c2 = setup.getConnection().createChannel();
        channelError(406, "PRECONDITION_FAILED - Invalid x-match field type signedint (value 1); expected longstr",
                () -> c2.queueBind(queue, x, "", args("x-match", 1)));
        publish(setup, x, "nothing-bound", args("a", 1));
        assertThat(drain(setup, queue)).isEmpty();
        setup.queueDelete(queue);
    }

    // ---- default and pre-declared exchanges ---------------------------------------------------

    @Test
    void defaultExchangeRoutesByQueueName() throws Exception {
        Channel channel = channel(broker);
        String queue = channel.queueDeclare(uniqueName("named"), false, true, false, null).getQueue();
        publish(channel, "", queue, "direct-to-queue");
        publish(channel, "", queue + "-not", "elsewhere");
        assertThat(drain(channel, queue)).containsExactly("direct-to-queue");
    }

    @Test
    void unroutableMandatoryMessageIsReturnedWithNoRoute() throws Exception {
        Channel channel = channel(broker);
        List<String> returns = new ArrayList<>();
        CountDownLatch returned = new CountDownLatch(2);
        channel.addReturnListener(r -> {
            returns.add(r.getReplyCode() + " " + r.getReplyText() + " " + r.getExchange() + " " + r.getRoutingKey()
                    + " " + ClientSupport.text(r.getBody()));
            returned.countDown();
        });
        String missing = uniqueName("no-queue");
        channel.basicPublish("", missing, true, null, bytes("lost"));
        String x = uniqueName("empty-direct");
        channel.exchangeDeclare(x, "direct");
        channel.basicPublish(x, "k", true, null, bytes("lost2"));
        channel.basicPublish(x, "k", false, null, bytes("dropped"));
        assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(returns).containsExactly("312 NO_ROUTE  " + missing + " lost", "312 NO_ROUTE " + x + " k lost2");
    }

    @Test
    void predeclaredExchangesRouteByTheirType() throws Exception {
        Channel channel = channel(broker);
        String key = uniqueName("k");
        String direct = channel.queueDeclare().getQueue();
        String fanout = channel.queueDeclare().getQueue();
        String topic = channel.queueDeclare().getQueue();
        String headers = channel.queueDeclare().getQueue();
        String match = channel.queueDeclare().getQueue();
        channel.queueBind(direct, "amq.direct", key);
        channel.queueBind(fanout, "amq.fanout", "ignored");
        channel.queueBind(topic, "amq.topic", key + ".#");
        channel.queueBind(headers, "amq.headers", "", args("x-match", "any", "tag", key));
        channel.queueBind(match, "amq.match", "", args("tag", key, "n", 5));
        publish(channel, "amq.direct", key, "d");
        publish(channel, "amq.direct", key + ".x", "d-miss");
        publish(channel, "amq.fanout", "anything", "f");
        publish(channel, "amq.topic", key + ".a.b", "t");
        publish(channel, "amq.topic", "other." + key, "t-miss");
        publish(channel, "amq.headers", "h", args("tag", key));
        publish(channel, "amq.match", "m", args("tag", key, "n", 5L));
        publish(channel, "amq.match", "m-miss", args("tag", key));
        assertThat(drain(channel, direct)).containsExactly("d");
        assertThat(drain(channel, fanout)).containsExactly("f");
        assertThat(drain(channel, topic)).containsExactly("t");
        assertThat(drain(channel, headers)).containsExactly("h");
        assertThat(drain(channel, match)).containsExactly("m");
        for (String q : Arrays.asList(direct, fanout, topic, headers, match)) {
            channel.queueDelete(q);
        }
    }

    @Test
    void publishingToAMissingExchangeIsNotFound() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("absent");
        AMQP.Channel.Close close = channelError(404, "NOT_FOUND - no exchange '" + x + "' in vhost '/'", () -> {
            publish(channel, x, "k", "m");
            channel.basicQos(1);
        });
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
    }
}
