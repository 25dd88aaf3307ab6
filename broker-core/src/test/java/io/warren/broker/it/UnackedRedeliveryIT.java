package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static io.warren.broker.it.BasicClassSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unacknowledged deliveries go back to their queue, marked redelivered, when the channel closes,
 * when the connection closes, and when the connection dies without a close handshake — nothing is
 * lost, and nothing is duplicated other than as a redelivery.
 */
class UnackedRedeliveryIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private enum Ending { CHANNEL_CLOSE, CONNECTION_CLOSE, SOCKET_DROPPED }

    /** A connection whose socket the test can drop without any AMQP close. */
    private static final class Killable {
        final Connection connection;
        final List<Socket> sockets;

        Killable(Connection connection, List<Socket> sockets) {
            this.connection = connection;
            this.sockets = sockets;
        }

        /** Resets the TCP connection: no connection.close, no FIN handshake. */
        void kill() throws IOException {
            for (Socket socket : sockets) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        }
    }

    private static Killable killableConnection() throws Exception {
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        SocketFactory plain = SocketFactory.getDefault();
        ConnectionFactory factory = broker.factory();
        factory.setSocketFactory(new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket s = plain.createSocket();
                sockets.add(s);
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                Socket s = plain.createSocket(host, port);
                sockets.add(s);
                return s;
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                Socket s = plain.createSocket(host, port, localHost, localPort);
                sockets.add(s);
                return s;
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                Socket s = plain.createSocket(host, port);
                sockets.add(s);
                return s;
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                Socket s = plain.createSocket(address, port, localAddress, localPort);
                sockets.add(s);
                return s;
            }
        });
        Connection connection = broker.track(factory.newConnection());
        assertThat(sockets).hasSize(1);
        return new Killable(connection, sockets);
    }

    private static String filledQueue(String prefix, int n) throws Exception {
        Channel setup = broker.channel();
        String name = BrokerExtension.uniqueName(prefix);
        setup.queueDeclare(name, false, false, false, null);
        publishConfirmed(setup, name, "m", n);
        awaitReady(setup, name, n);
        return name;
    }

    /** Drains with no-ack gets: bodies, '*' marking redeliveries. */
    private static List<String> drain(String q) throws Exception {
        Channel channel = broker.channel();
        List<String> out = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet(q, true)) != null) {
            out.add(text(got.getBody()) + (got.getEnvelope().isRedeliver() ? "*" : ""));
        }
        channel.queueDelete(q);
        return out;
    }

    private void unackedComeBack(Ending ending) throws Exception {
        String q = filledQueue("unacked-" + ending.name().toLowerCase(), 10);
        String other = filledQueue("unacked-get-" + ending.name().toLowerCase(), 2);
        Killable killable = killableConnection();
        Channel channel = killable.connection.createChannel();
        channel.basicQos(6);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> got = recorder.next(6); // m0..m5
        channel.basicAck(got.get(1).tag(), false); // m1
        channel.basicAck(got.get(3).tag(), false); // m3
        assertThat(recorder.next(2)).extracting(Delivery::text).containsExactly("m6", "m7"); // room again
        recorder.assertNothingFor(50);
        assertThat(channel.basicGet(other, false)).isNotNull(); // an unacked get, too
        channel.queueDeclarePassive(q); // a round trip: the acks are in

        switch (ending) {
            case CHANNEL_CLOSE -> channel.close();
            case CONNECTION_CLOSE -> killable.connection.close();
            case SOCKET_DROPPED -> killable.kill();
        }

        Channel check = broker.channel();
        awaitReady(check, q, 8);
        awaitReady(check, other, 2);
        assertThat(drain(q)).containsExactly("m0*", "m2*", "m4*", "m5*", "m6*", "m7*", "m8", "m9");
        assertThat(drain(other)).containsExactly("m0*", "m1");
    }

    @Test
    void whenTheChannelCloses() throws Exception {
        unackedComeBack(Ending.CHANNEL_CLOSE);
    }

    @Test
    void whenTheConnectionCloses() throws Exception {
        unackedComeBack(Ending.CONNECTION_CLOSE);
    }

    @Test
    void whenTheConnectionIsDroppedWithoutAClose() throws Exception {
        unackedComeBack(Ending.SOCKET_DROPPED);
    }

    @Test
    void whenTheConnectionIsAborted() throws Exception {
        String q = filledQueue("unacked-abort", 4);
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        recorder.next(4);
        connection.abort(500);
        Channel check = broker.channel();
        awaitReady(check, q, 4);
        assertThat(drain(q)).containsExactly("m0*", "m1*", "m2*", "m3*");
    }

    /** Deliveries still on their way to the client when it vanishes are not lost either. */
    private void nothingLostMidStream(Ending ending) throws Exception {
        int count = 3000;
        String q = filledQueue("midstream-" + ending.name().toLowerCase(), count);
        Killable killable = killableConnection();
        Channel channel = killable.connection.createChannel();
        Channel second = killable.connection.createChannel();
        Recorder recorder = new Recorder(channel);
        Recorder secondRecorder = new Recorder(second);
        channel.basicConsume(q, false, recorder);
        second.basicConsume(q, false, secondRecorder);
        recorder.next(10);
        switch (ending) {
            case CHANNEL_CLOSE -> {
                channel.close();
                second.close();
            }
            case CONNECTION_CLOSE -> killable.connection.close();
            case SOCKET_DROPPED -> killable.kill();
        }
        Channel check = broker.channel();
        awaitReady(check, q, count);
        List<String> drained = drain(q);
        assertThat(drained).hasSize(count);
        Set<String> bodies = new HashSet<>();
        for (String body : drained) {
            bodies.add(body.replace("*", ""));
        }
        assertThat(bodies).hasSize(count);
        // Position is kept: the queue comes back in publish order.
        for (int i = 0; i < count; i++) {
            assertThat(drained.get(i).replace("*", "")).isEqualTo("m" + i);
        }
    }

    @Test
    void midStreamChannelClose() throws Exception {
        nothingLostMidStream(Ending.CHANNEL_CLOSE);
    }

    @Test
    void midStreamConnectionClose() throws Exception {
        nothingLostMidStream(Ending.CONNECTION_CLOSE);
    }

    @Test
    void midStreamSocketDropped() throws Exception {
        nothingLostMidStream(Ending.SOCKET_DROPPED);
    }

    @Test
    void aPublisherDroppedMidMessageLeavesOnlyWholeMessages() throws Exception {
        Channel setup = broker.channel();
        String q = BrokerExtension.uniqueName("dropped-publisher");
        setup.queueDeclare(q, false, false, false, null);
        Killable killable = killableConnection();
        Channel channel = killable.connection.createChannel();
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(body);
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    channel.basicPublish("", q, null, body);
                }
            } catch (Exception expected) {
                // the socket went away under it
            }
        });
        BasicClassSupport.await(() -> {
            try {
                return setup.queueDeclarePassive(q).getMessageCount() >= 2;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "a couple of whole messages");
        killable.kill();
        publishing.get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        GetResponse got;
        int whole = 0;
        while ((got = setup.basicGet(q, true)) != null) {
            assertThat(got.getBody()).isEqualTo(body);
            whole++;
        }
        assertThat(whole).isGreaterThanOrEqualTo(2);
        setup.queueDelete(q);
    }

    @Test
    void uncommittedPublishesAndAcksDieWithTheConnection() throws Exception {
        String q = filledQueue("dropped-tx", 2);
        Killable killable = killableConnection();
        Channel channel = killable.connection.createChannel();
        channel.txSelect();
        GetResponse got = channel.basicGet(q, false);
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, BasicClassSupport.bytes("uncommitted" + i));
        }
        channel.queueDeclarePassive(q);
        killable.kill();
        Channel check = broker.channel();
        awaitReady(check, q, 2);
        Thread.sleep(50);
        assertThat(drain(q)).containsExactly("m0*", "m1");
    }
}
