package io.warren.broker;

import io.warren.broker.config.StartupOverrides;
import io.warren.broker.config.StartupSetting;
import io.warren.broker.launcher.ExitCodes;
import io.warren.broker.launcher.Launcher;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code warren-server} command: starts a broker and runs until SIGTERM or SIGINT.
 * Exit codes are listed in {@link ExitCodes}.
 */
@Command(name = "warren-server", mixinStandardHelpOptions = true, versionProvider = WarrenServer.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Starts a Warren AMQP 0-9-1 broker and runs until SIGTERM or SIGINT.",
        footerHeading = "%nEnvironment variables (a flag overrides its variable, a variable the file):%n",
        footer = {
            "  WARREN_CONFIG            like --config",
            "  WARREN_DATA_DIR          like --data-dir",
            "  WARREN_AMQP_PORT         like --amqp-port",
            "  WARREN_MANAGEMENT_PORT   like --management-port",
            "  WARREN_NODE_NAME         like --node-name"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped cleanly on SIGTERM or SIGINT",
            "1:could not start, e.g. a port is in use",
            "2:bad configuration file, environment variable or option"})
public final class WarrenServer implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file in rabbitmq.conf style (default: none, all defaults).")
    private String configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where durable state lives; created if missing (data_dir, default warren-data).")
    private String dataDir;

    @Option(names = "--amqp-port", paramLabel = "N",
            description = "AMQP port, 0 picks a free one (port of listeners.tcp.default, default 5672).")
    private String amqpPort;

    @Option(names = "--management-port", paramLabel = "N",
            description = "Management HTTP port, 0 picks a free one (management.tcp.port, default 15672).")
    private String managementPort;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name (node_name, default warren@localhost).")
    private String nodeName;

    private final Map<String, String> environment;
    private final PrintWriter err;

    WarrenServer(Map<String, String> environment, PrintWriter err) {
        this.environment = environment;
        this.err = err;
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new WarrenServer(System.getenv(),
                new PrintWriter(System.err, true)));
        System.exit(commandLine.execute(args));
    }

    /** Starts the broker and, once it runs, waits while the shutdown hook decides how the process ends. */
    @Override
    public Integer call() throws InterruptedException {
        Launcher.Outcome outcome = new Launcher(environment, err).start(flags());
        if (!outcome.isRunning()) {
            return outcome.exitCode();
        }
        // The broker's threads are daemons, so the main thread keeps the JVM alive; the shutdown hook
        // closes the broker and ends the process.
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    private StartupOverrides flags() {
        Map<StartupSetting, String> flags = new EnumMap<>(StartupSetting.class);
        flags.put(StartupSetting.CONFIG_FILE, configFile);
        flags.put(StartupSetting.DATA_DIR, dataDir);
        flags.put(StartupSetting.AMQP_PORT, amqpPort);
        flags.put(StartupSetting.MANAGEMENT_PORT, managementPort);
        flags.put(StartupSetting.NODE_NAME, nodeName);
        return StartupOverrides.fromCommandLine(flags);
    }

    /** {@code --version}: the version Maven stamped into the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Warren " + BrokerVersion.get()};
        }
    }
}
