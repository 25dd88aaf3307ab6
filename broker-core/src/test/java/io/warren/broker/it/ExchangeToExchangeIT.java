package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.connect;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.it.ClientSupport.publish;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.testing.BrokerExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** exchange.bind / exchange.unbind: chains, cycles, diamonds, and the errors of missing ends. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExchangeToExchangeIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void bindAndUnbind() throws Exception {
        Channel channel = channel(broker);
        String source = uniqueName("src");
        String destination = uniqueName("dst");
        channel.exchangeDeclare(source, "direct");
        channel.exchangeDeclare(destination, "fanout");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination, "");
        assertThat(channel.exchangeBind(destination, source, "k")).isNotNull();
        channel.exchangeBind(destination, source, "k"); // identical: a no-op
        publish(channel, source, "k", "bound");
        publish(channel, source, "other", "wrong-key");
        assertThat(channel.exchangeUnbind(destination, source, "k")).isNotNull();
        publish(channel, source, "k", "unbound");
        assertThat(drain(channel, queue)).containsExactly("bound");
    }

    @Test
    void chainsAreFollowed() throws Exception {
        Channel channel = channel(broker);
        String a = uniqueName("a");
        String b = uniqueName("b");
        String c = uniqueName("c");
        channel.exchangeDeclare(a, "topic");
        channel.exchangeDeclare(b, "direct");
        channel.exchangeDeclare(c, "fanout");
        channel.exchangeBind(b, a, "orders.*");
        channel.exchangeBind(c, b, "orders.eu");
        String qa = channel.queueDeclare().getQueue();
        String qb = channel.queueDeclare().getQueue();
        String qc = channel.queueDeclare().getQueue();
        channel.queueBind(qa, a, "#");
        channel.queueBind(qb, b, "orders.us");
        channel.queueBind(qc, c, "");
        publish(channel, a, "orders.eu", "eu");
        publish(channel, a, "orders.us", "us");
        publish(channel, a, "invoices.eu", "inv");
        assertThat(drain(channel, qa)).containsExactly("eu", "us", "inv");
        assertThat(drain(channel, qb)).containsExactly("us");
        assertThat(drain(channel, qc)).containsExactly("eu");
    }

    @Test
    void cyclesEndAndEachQueueGetsOneCopy() throws Exception {
        Channel channel = channel(broker);
        String a = uniqueName("a");
        String b = uniqueName("b");
        channel.exchangeDeclare(a, "fanout");
        channel.exchangeDeclare(b, "fanout");
        channel.exchangeBind(b, a, "");
        channel.exchangeBind(a, b, "");
        channel.exchangeBind(a, a, ""); // and a self-loop
        String qa = channel.queueDeclare().getQueue();
        String qb = channel.queueDeclare().getQueue();
        channel.queueBind(qa, a, "");
        channel.queueBind(qb, b, "");
        publish(channel, a, "", "from-a");
        publish(channel, b, "", "from-b");
        assertThat(drain(channel, qa)).containsExactly("from-a", "from-b");
        assertThat(drain(channel, qb)).containsExactly("from-a", "from-b");
    }

    @Test
    void diamondDeliversOnce() throws Exception {
        Channel channel = channel(broker);
        String a = uniqueName("a");
        String b = uniqueName("b");
        String c = uniqueName("c");
        channel.exchangeDeclare(a, "fanout");
        channel.exchangeDeclare(b, "direct");
        channel.exchangeDeclare(c, "topic");
        channel.exchangeBind(b, a, "");
        channel.exchangeBind(c, a, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, b, "k.1");
        channel.queueBind(queue, c, "k.*");
        publish(channel, a, "k.1", "both-paths");
        publish(channel, a, "k.2", "topic-path");
        assertThat(drain(channel, queue)).containsExactly("both-paths", "topic-path");
    }

    @Test
    void bindingArgumentsReachHeadersDestinations() throws Exception {
        Channel channel = channel(broker);
        String source = uniqueName("hsrc");
        String destination = uniqueName("hdst");
        channel.exchangeDeclare(source, "headers");
        channel.exchangeDeclare(destination, "fanout");
        channel.exchangeBind(destination, source, "", Map.of("x-match", "any", "colour", "red"));
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination, "");
        channel.basicPublish(source, "", new AMQP.BasicProperties.Builder().headers(Map.of("colour", "red")).build(),
                ClientSupport.bytes("red"));
        channel.basicPublish(source, "", new AMQP.BasicProperties.Builder().headers(Map.of("colour", "blue")).build(),
                ClientSupport.bytes("blue"));
        assertThat(drain(channel, queue)).containsExactly("red");
        channel.exchangeUnbind(destination, source, "", Map.of("x-match", "any", "colour", "red"));
        channel.basicPublish(source, "", new AMQP.BasicProperties.Builder().headers(Map.of("colour", "red")).build(),
                ClientSupport.bytes("red-again"));
        assertThat(drain(channel, queue)).isEmpty();
    }

    @Test
    void missingEndsAreNotFoundWithTheSourceReportedFirst() throws Exception {
        Connection connection = connect(broker);
        Channel setup = connection.createChannel();
        String present = uniqueName("present");
        setup.exchangeDeclare(present, "fanout");
        String missingSource = uniqueName("missing-src");
        String missingDestination = uniqueName("missing-dst");
        AMQP.Channel.Close close = channelError(404, "NOT_FOUND - no exchange '" + missingSource + "' in vhost '/'",
                () -> connection.createChannel().exchangeBind(present, missingSource, ""));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(30);
        channelError(404, "NOT_FOUND - no exchange '" + missingDestination + "' in vhost '/'",
                () -> connection.createChannel().exchangeBind(missingDestination, present, ""));
        channelError(404, "NOT_FOUND - no exchange '" + missingSource + "' in vhost '/'",
                () -> connection.createChannel().exchangeBind(missingDestination, missingSource, ""));
    }

    @Test
    void unbindOfMissingThingsSucceeds() throws Exception {
        Channel channel = channel(broker);
        String a = uniqueName("a");
        String b = uniqueName("b");
        channel.exchangeDeclare(a, "direct");
        channel.exchangeDeclare(b, "direct");
        channel.exchangeUnbind(b, a, "never-bound");
        channel.exchangeUnbind(uniqueName("no-dst"), a, "");
        channel.exchangeUnbind(b, uniqueName("no-src"), "");
        channel.exchangeUnbind(uniqueName("no-dst"), uniqueName("no-src"), "");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theDefaultExchangeCannotTakePartInExchangeBindings() throws Exception {
        Connection connection = connect(broker);
        Channel setup = connection.createChannel();
        String x = uniqueName("x");
        setup.exchangeDeclare(x, "direct");
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().exchangeBind(x, "", "k"));
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().exchangeBind("", x, "k"));
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().exchangeUnbind("", x, "k"));
    }

    @Test
    void deletingADestinationExchangeRemovesTheBindingToIt() throws Exception {
        Channel channel = channel(broker);
        String source = uniqueName("src");
        String destination = uniqueName("dst");
        channel.exchangeDeclare(source, "fanout");
        channel.exchangeDeclare(destination, "fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination);
        // Re-created with the same name, it is a new exchange without the old binding.
        channel.exchangeDeclare(destination, "fanout");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination, "");
        publish(channel, source, "", "old-path");
        assertThat(drain(channel, queue)).isEmpty();
        // And the source, having lost its only binding, may be deleted if-unused.
        channel.exchangeDelete(source, true);
    }

    @Test
    void deletingASourceExchangeRemovesItsBindings() throws Exception {
        Channel channel = channel(broker);
        String source = uniqueName("src");
        String destination = uniqueName("dst");
        channel.exchangeDeclare(source, "fanout");
        channel.exchangeDeclare(destination, "fanout", false, true, Map.of()); // auto-delete
        channel.exchangeBind(destination, source, "");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination, "");
        channel.exchangeDelete(source);
        channel.exchangeDeclare(source, "fanout");
        publish(channel, source, "", "old-path");
        publish(channel, destination, "", "direct-to-destination");
        assertThat(drain(channel, queue)).containsExactly("direct-to-destination");
    }

    @Test
    void autoDeleteSourceGoesWhenItsLastExchangeBindingIsRemoved() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String source = uniqueName("auto-src");
        String destination = uniqueName("dst");
        channel.exchangeDeclare(source, "fanout", false, true, Map.of());
        channel.exchangeDeclare(destination, "fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination);
        assertThat(ClientSupport.exchangeExists(connection, source)).isFalse();
    }
}
