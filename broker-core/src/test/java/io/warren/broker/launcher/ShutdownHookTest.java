package io.warren.broker.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownHookTest {
    @TempDir
    Path dataDir;

    @Test
    void closesTheBrokerThenEndsTheProcessWithExitCode0() throws Exception {
        Broker broker = Broker.start(BrokerConfig.defaults()
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir), List.of());
        int port = broker.amqpPort();
        List<Integer> haltedWith = new ArrayList<>();

        new ShutdownHook(broker, haltedWith::add).run();

        assertThat(haltedWith).containsExactly(ExitCodes.OK);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .as("the listener is closed").isInstanceOf(ConnectException.class);
    }
}
