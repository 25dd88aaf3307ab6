package io.warren.broker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.Broker;
import io.warren.broker.config.StartupOverrides;
import io.warren.broker.config.StartupSetting;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final List<Broker> registeredForShutdown = new ArrayList<>();

    @AfterEach
    void stopBrokers() {
        registeredForShutdown.forEach(Broker::close);
    }

    private Launcher.Outcome start(Map<String, String> environment, Map<StartupSetting, String> flags) {
        Launcher launcher = new Launcher(environment, new PrintWriter(err, true), registeredForShutdown::add);
        return launcher.start(StartupOverrides.fromCommandLine(flags));
    }

    private Map<StartupSetting, String> flags(Path dataDir, String amqpPort) {
        Map<StartupSetting, String> flags = new EnumMap<>(StartupSetting.class);
        flags.put(StartupSetting.DATA_DIR, dataDir.toString());
        flags.put(StartupSetting.AMQP_PORT, amqpPort);
        return flags;
    }

    @Test
    void startsTheBrokerCreatesTheDataDirectoryAndRegistersTheStop() {
        Path dataDir = dir.resolve("nested/data");

        Launcher.Outcome outcome = start(Map.of(), flags(dataDir, "0"));

        assertThat(outcome.isRunning()).isTrue();
        assertThat(outcome.exitCode()).isZero();
        assertThat(registeredForShutdown).containsExactly(outcome.broker());
        assertThat(dataDir).isDirectory();
        assertThat(outcome.broker().amqpPort()).isPositive();
    }

    @Test
    void theReadyLineShowsTheBoundPortsAndNoneWithoutManagement() {
        Broker broker = start(Map.of(), flags(dir, "0")).broker();

        assertThat(Launcher.readyLine(broker))
                .matches("Warren \\S+ ready: amqp=\\d+ management=none")
                .contains("amqp=" + broker.amqpPort() + " ");
    }

    @Test
    void environmentVariablesAreRead() {
        Launcher.Outcome outcome = start(Map.of("WARREN_AMQP_PORT", "0", "WARREN_NODE_NAME", "test@here",
                "WARREN_DATA_DIR", dir.toString()), Map.of());

        assertThat(outcome.isRunning()).isTrue();
        assertThat(outcome.broker().config().get(io.warren.broker.config.CoreSettings.NODE_NAME))
                .isEqualTo("test@here");
    }

    @Test
    void aConfigurationErrorEndsWithCode2AndAMessageOnErr() throws IOException {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "frame_max = 10\n");
        Map<StartupSetting, String> flags = flags(dir, "0");
        flags.put(StartupSetting.CONFIG_FILE, conf.toString());

        Launcher.Outcome outcome = start(Map.of(), flags);

        assertThat(outcome.isRunning()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err.toString()).startsWith("warren-server: configuration error: " + conf
                + ":1: bad value for frame_max: 10 is outside 4096..");
        assertThat(registeredForShutdown).isEmpty();
    }

    @Test
    void aPortInUseEndsWithCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Launcher.Outcome outcome = start(Map.of(), flags(dir, String.valueOf(taken.getLocalPort())));

            assertThat(outcome.isRunning()).isFalse();
            assertThat(outcome.exitCode()).isEqualTo(ExitCodes.STARTUP_FAILED);
            assertThat(registeredForShutdown).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedEndsWithCode1() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        Launcher.Outcome outcome = start(Map.of(), flags(file.resolve("data"), "0"));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.STARTUP_FAILED);
        assertThat(registeredForShutdown).isEmpty();
    }
}
