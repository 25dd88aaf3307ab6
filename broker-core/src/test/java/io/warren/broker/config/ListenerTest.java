package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenerTest {
    @Test
    void aPortAloneBindsEveryInterface() {
        assertThat(Listener.parse("5672")).isEqualTo(new Listener(null, 5672));
        assertThat(Listener.parse(" 0 ")).isEqualTo(new Listener(null, 0));
    }

    @Test
    void hostAndPort() {
        assertThat(Listener.parse("127.0.0.1:5673")).isEqualTo(new Listener("127.0.0.1", 5673));
        assertThat(Listener.parse("localhost:5672")).isEqualTo(new Listener("localhost", 5672));
        assertThat(Listener.parse("[::1]:5672")).isEqualTo(new Listener("::1", 5672));
    }

    @Test
    void refusesWhatIsNotAPortOrHostAndPort() {
        assertThatThrownBy(() -> Listener.parse("amqp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'amqp' is not a port or host:port");
        assertThatThrownBy(() -> Listener.parse(":5672")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("':5672' has an empty host before the port");
        assertThatThrownBy(() -> Listener.parse("localhost:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'localhost:' is not a port or host:port");
        assertThatThrownBy(() -> Listener.parse("65536")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 65536 is outside 0..65535");
        assertThatThrownBy(() -> Listener.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withPortKeepsTheHostAndPrintsAsWritten() {
        Listener listener = Listener.parse("127.0.0.1:5672").withPort(0);

        assertThat(listener).isEqualTo(new Listener("127.0.0.1", 0));
        assertThat(listener).hasToString("127.0.0.1:0");
        assertThat(new Listener(null, 5672)).hasToString("5672");
    }
}
