package io.warren.broker.launcher;

import io.warren.broker.Broker;
import io.warren.broker.BrokerVersion;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.ConfigException;
import io.warren.broker.config.ConfigKeyRegistry;
import io.warren.broker.config.ConfigLoader;
import io.warren.broker.config.ConfigLoader.LoadedConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.StartupOverrides;
import io.warren.broker.config.StartupSetting;
import io.warren.broker.spi.BrokerPlugin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a broker the way {@code warren-server} does: discover the plugins, merge the configuration
 * (defaults, file, {@code WARREN_*} variables, flags), create the data directory, start the broker,
 * arrange a clean stop on SIGTERM/SIGINT, and log one ready line with the bound ports.
 */
public final class Launcher {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private final Map<String, String> environment;
    private final PrintWriter err;
    private final Consumer<Broker> stopOnShutdown;

    /**
     * @param environment the process environment ({@code System.getenv()} outside tests)
     * @param err where configuration errors are printed for the person starting the broker
     */
    public Launcher(Map<String, String> environment, PrintWriter err) {
        this(environment, err, ShutdownHook::register);
    }

    /** @param stopOnShutdown arranges for the started broker to be stopped; tests pass their own */
    Launcher(Map<String, String> environment, PrintWriter err, Consumer<Broker> stopOnShutdown) {
        this.environment = environment;
        this.err = err;
        this.stopOnShutdown = stopOnShutdown;
    }

    /**
     * Starts the broker and registers the shutdown hook that stops it.
     *
     * @return the running broker, or the exit code to end with when it could not start
     */
    public Outcome start(StartupOverrides commandLine) {
        List<BrokerPlugin> plugins;
        ConfigKeyRegistry keys;
        LoadedConfig loaded;
        try {
            plugins = Broker.discoverPlugins();
            keys = registryOf(plugins);
            loaded = new ConfigLoader(keys).load(StartupOverrides.fromEnvironment(environment), commandLine);
        } catch (ConfigException e) {
            err.println("warren-server: configuration error: " + e.getMessage());
            err.flush();
            return Outcome.failed(ExitCodes.CONFIG_ERROR);
        } catch (RuntimeException | Error e) {
            log.error("Warren failed to start: cannot load plugins: {}", StartupFailure.describe(e));
            return Outcome.failed(ExitCodes.STARTUP_FAILED);
        }

        BrokerConfig config = loaded.config();
        Path dataDir = config.get(CoreSettings.DATA_DIR).toAbsolutePath();
        log.info("Starting Warren {} as node {}: data in {}, {}, plugins {}", BrokerVersion.get(),
                config.get(CoreSettings.NODE_NAME), dataDir,
                loaded.file().map(file -> "configuration from " + file).orElse("no configuration file"),
                plugins.stream().map(BrokerPlugin::name).toList());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            log.error("Warren failed to start: cannot create data directory {}: {}", dataDir,
                    StartupFailure.describe(e));
            return Outcome.failed(ExitCodes.STARTUP_FAILED);
        }
        Broker broker;
        try {
            broker = Broker.start(config, plugins);
        } catch (Exception | Error e) {
            // Start-up is mostly binding listeners, and a bind error does not say which address it
            // was for, so the line names the configured ones.
            log.error("Warren failed to start: {} ({})", StartupFailure.describe(e), listenersOf(config, keys));
            return Outcome.failed(ExitCodes.STARTUP_FAILED);
        }
        stopOnShutdown.accept(broker);
        log.info("{}", readyLine(broker));
        return Outcome.running(broker);
    }

    /**
     * {@code Warren <version> ready: amqp=<port> management=<port>}, with the ports actually bound
     * (so port 0 shows the one the system picked) and {@code management=none} without that listener.
     */
    static String readyLine(Broker broker) {
        InetSocketAddress management = broker.listener("management");
        return "Warren " + BrokerVersion.get() + " ready: amqp=" + broker.amqpPort()
                + " management=" + (management == null ? "none" : String.valueOf(management.getPort()));
    }

    /** The configured listener settings, e.g. {@code listeners.tcp.default = 5672, management.tcp.port = 15672}. */
    private static String listenersOf(BrokerConfig config, ConfigKeyRegistry keys) {
        List<String> listeners = new ArrayList<>();
        listeners.add(CoreSettings.AMQP_LISTENER.name() + " = " + config.get(CoreSettings.AMQP_LISTENER));
        keys.find(StartupSetting.MANAGEMENT_PORT.keyName())
                .ifPresent(key -> listeners.add(key.name() + " = " + config.get(key)));
        return String.join(", ", listeners);
    }

    private static ConfigKeyRegistry registryOf(List<BrokerPlugin> plugins) throws ConfigException {
        ConfigKeyRegistry.Builder keys = ConfigKeyRegistry.builder().add("broker-core", CoreSettings.all());
        for (BrokerPlugin plugin : plugins) {
            keys.add("plugin " + plugin.name(), plugin.configKeys());
        }
        return keys.build();
    }

    /**
     * What {@link #start} came to: a running broker, or the exit code of a failed start.
     *
     * @param broker the running broker, or null when start-up failed
     * @param exitCode the code to exit with when start-up failed; {@link ExitCodes#OK} when running
     */
    public record Outcome(Broker broker, int exitCode) {
        static Outcome running(Broker broker) {
            return new Outcome(broker, ExitCodes.OK);
        }

        static Outcome failed(int exitCode) {
            return new Outcome(null, exitCode);
        }

        public boolean isRunning() {
            return broker != null;
        }
    }
}
