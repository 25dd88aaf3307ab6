package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import io.warren.broker.testing.BrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alternate exchanges: consulted only when an exchange's own bindings match nothing, followed
 * through chains and cycles, and the source of {@code basic.return} only when the whole chain
 * routes nowhere.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlternateExchangeIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static Map<String, Object> ae(String name) {
        return Map.of("alternate-exchange", name);
    }

    /** Publishes mandatory messages and collects "routingKey body" of what comes back. */
    private static final class Returns {
        final List<String> returned = new CopyOnWriteArrayList<>();

        Returns(Channel channel) {
            channel.addReturnListener(r -> returned.add(r.getReplyCode() + " " + r.getReplyText() + " "
                    + r.getRoutingKey() + " " + ClientSupport.text(r.getBody())));
        }
    }

    private static void publishMandatory(Channel channel, String exchange, String key, String body) throws Exception {
        channel.basicPublish(exchange, key, true, null, bytes(body));
    }

    /** Confirms are sent after any basic.return, so waiting for them settles the returns. */
    private static void settle(Channel channel) throws Exception {
        assertThat(channel.waitForConfirms(5000)).isTrue();
    }

    @Test
    void unroutableMessagesGoToTheAlternateExchange() throws Exception {
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String alternate = uniqueName("ae");
        String x = uniqueName("x");
        channel.exchangeDeclare(alternate, "fanout");
        channel.exchangeDeclare(x, "direct", false, false, false, ae(alternate));
        String main = channel.queueDeclare().getQueue();
        String fallback = channel.queueDeclare().getQueue();
        channel.queueBind(main, x, "k");
        channel.queueBind(fallback, alternate, "");
        publishMandatory(channel, x, "k", "routed");
        publishMandatory(channel, x, "other", "unroutable");
        settle(channel);
        assertThat(drain(channel, main)).containsExactly("routed");
        assertThat(drain(channel, fallback)).containsExactly("unroutable");
        assertThat(returns.returned).isEmpty();
    }

    @Test
    void alternateExchangeChainIsFollowed() throws Exception {
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String ae2 = uniqueName("ae2");
        String ae1 = uniqueName("ae1");
        String x = uniqueName("x");
        channel.exchangeDeclare(ae2, "fanout");
        channel.exchangeDeclare(ae1, "direct", false, false, false, ae(ae2));
        channel.exchangeDeclare(x, "topic", false, false, false, ae(ae1));
        String viaAe1 = channel.queueDeclare().getQueue();
        String viaAe2 = channel.queueDeclare().getQueue();
        channel.queueBind(viaAe1, ae1, "for-ae1");
        channel.queueBind(viaAe2, ae2, "");
        publishMandatory(channel, x, "for-ae1", "first-hop");
        publishMandatory(channel, x, "anything", "second-hop");
        settle(channel);
        assertThat(drain(channel, viaAe1)).containsExactly("first-hop");
        assertThat(drain(channel, viaAe2)).containsExactly("second-hop");
        assertThat(returns.returned).isEmpty();
    }

    @Test
    void mandatoryMessageIsReturnedWhenTheAlternateChainRoutesNowhere() throws Exception {
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String ae = uniqueName("ae-empty");
        String x = uniqueName("x");
        channel.exchangeDeclare(ae, "direct");
        channel.exchangeDeclare(x, "direct", false, false, false, ae(ae));
        publishMandatory(channel, x, "k", "lost");
        settle(channel);
        assertThat(returns.returned).containsExactly("312 NO_ROUTE k lost");
    }

    @Test
    void missingAlternateExchangeIsSkipped() throws Exception {
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "fanout", false, false, false, ae(uniqueName("never-declared")));
        publishMandatory(channel, x, "k", "lost");
        settle(channel);
        assertThat(returns.returned).containsExactly("312 NO_ROUTE k lost");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void alternateExchangeCycleEnds() throws Exception {
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String a = uniqueName("a");
        String b = uniqueName("b");
        channel.exchangeDeclare(a, "direct", false, false, false, ae(b));
        channel.exchangeDeclare(b, "direct", false, false, false, ae(a));
        String self = uniqueName("self");
        channel.exchangeDeclare(self, "direct", false, false, false, ae(self));
        publishMandatory(channel, a, "k", "cycle");
        publishMandatory(channel, self, "k", "self");
        settle(channel);
        assertThat(returns.returned).containsExactly("312 NO_ROUTE k cycle", "312 NO_ROUTE k self");
        // b routes what a could not; a's queue never sees a second copy.
        String qb = channel.queueDeclare().getQueue();
        String qa = channel.queueDeclare().getQueue();
        channel.queueBind(qb, b, "only-b");
        channel.queueBind(qa, a, "only-a");
        publishMandatory(channel, a, "only-b", "to-b");
        publishMandatory(channel, b, "only-a", "to-a");
        settle(channel);
        assertThat(drain(channel, qb)).containsExactly("to-b");
        assertThat(drain(channel, qa)).containsExactly("to-a");
    }

    @Test
    void alternateExchangeIsNotUsedWhenAnExchangeBindingMatched() throws Exception {
        // RabbitMQ consults the AE only when the exchange's own routing gave no destinations at all;
        // an exchange destination counts, even if it routes nowhere in turn.
        Channel channel = channel(broker);
        channel.confirmSelect();
        Returns returns = new Returns(channel);
        String ae = uniqueName("ae");
        String x = uniqueName("x");
        String inner = uniqueName("inner");
        channel.exchangeDeclare(ae, "fanout");
        channel.exchangeDeclare(x, "direct", false, false, false, ae(ae));
        channel.exchangeDeclare(inner, "direct");
        channel.exchangeBind(inner, x, "k");
        String fallback = channel.queueDeclare().getQueue();
        channel.queueBind(fallback, ae, "");
        publishMandatory(channel, x, "k", "to-inner");
        settle(channel);
        assertThat(drain(channel, fallback)).isEmpty();
        assertThat(returns.returned).containsExactly("312 NO_ROUTE k to-inner");
    }

    @Test
    void exchangeReachedThroughABindingUsesItsOwnAlternate() throws Exception {
        Channel channel = channel(broker);
        String innerAe = uniqueName("inner-ae");
        String inner = uniqueName("inner");
        String front = uniqueName("front");
        channel.exchangeDeclare(innerAe, "fanout");
        channel.exchangeDeclare(inner, "direct", false, false, false, ae(innerAe));
        channel.exchangeDeclare(front, "fanout");
        channel.exchangeBind(inner, front, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, innerAe, "");
        channel.basicPublish(front, "no-match", null, bytes("via-inner-ae"));
        assertThat(drain(channel, queue)).containsExactly("via-inner-ae");
    }

    @Test
    void alternateExchangeCanBeInternal() throws Exception {
        Channel channel = channel(broker);
        String ae = uniqueName("ae-internal");
        String x = uniqueName("x");
        channel.exchangeDeclare(ae, "fanout", false, false, true, Map.of());
        channel.exchangeDeclare(x, "direct", false, false, false, ae(ae));
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, ae, "");
        channel.basicPublish(x, "k", null, bytes("to-internal-ae"));
        assertThat(drain(channel, queue)).containsExactly("to-internal-ae");
    }
}
