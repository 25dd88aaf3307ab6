package io.warren.management;

import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.nio.file.Path;
import java.util.List;

/** The broker the management tests run: AMQP and the management plugin on free loopback ports. */
public final class LoopbackBroker {
    private LoopbackBroker() {
    }

    public static Broker start(Path dataDir) throws Exception {
        return Broker.start(BrokerConfig.defaults()
                .with(CoreSettings.DATA_DIR, dataDir)
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(ManagementSettings.IP, "127.0.0.1")
                .with(ManagementSettings.PORT, 0), List.of(new ManagementPlugin()));
    }
}
