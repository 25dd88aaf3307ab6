package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.broker.config.ConfigLoader.LoadedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** Stands in for the management plugin's key, which broker-core's tests cannot see. */
    private static final ConfigKey<Integer> MANAGEMENT_PORT = ConfigKey.of("management.tcp.port",
            ValueParsers.intRange(0, 65535), 15672, "a port 0-65535 (0 picks a free port)", "management port");

    @TempDir
    Path dir;

    private ConfigLoader loader;
    private final Map<String, String> environment = new HashMap<>();
    private final Map<StartupSetting, String> flags = new EnumMap<>(StartupSetting.class);

    @BeforeEach
    void setUp() throws ConfigException {
        loader = new ConfigLoader(ConfigKeyRegistry.builder()
                .add("broker-core", CoreSettings.all())
                .add("plugin management", List.of(MANAGEMENT_PORT))
                .build());
    }

    private LoadedConfig load() throws ConfigException {
        return loader.load(StartupOverrides.fromEnvironment(environment), StartupOverrides.fromCommandLine(flags));
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void withNothingGivenEverySettingIsItsDefault() throws ConfigException {
        LoadedConfig loaded = load();

        assertThat(loaded.file()).isEmpty();
        assertThat(loaded.config().get(CoreSettings.AMQP_LISTENER)).isEqualTo(new Listener(null, 5672));
        assertThat(loaded.config().get(MANAGEMENT_PORT)).isEqualTo(15672);
        assertThat(loaded.config().get(CoreSettings.DATA_DIR)).isEqualTo(Path.of("warren-data"));
    }

    @Test
    void theFileOverridesDefaultsTheEnvironmentTheFileAndFlagsTheEnvironment() throws Exception {
        Path conf = file("warren.conf",
                "node_name = from-file",
                "data_dir = /from/file",
                "heartbeat = 10",
                "management.tcp.port = 1000");
        flags.put(StartupSetting.CONFIG_FILE, conf.toString());
        environment.put("WARREN_NODE_NAME", "from-env");
        environment.put("WARREN_DATA_DIR", "/from/env");
        environment.put("WARREN_MANAGEMENT_PORT", "2000");
        flags.put(StartupSetting.DATA_DIR, "/from/flag");
        flags.put(StartupSetting.MANAGEMENT_PORT, "3000");

        LoadedConfig loaded = load();

        assertThat(loaded.file()).contains(conf);
        BrokerConfig config = loaded.config();
        assertThat(config.get(CoreSettings.HEARTBEAT)).as("file over default").isEqualTo(10);
        assertThat(config.get(CoreSettings.NODE_NAME)).as("environment over file").isEqualTo("from-env");
        assertThat(config.get(CoreSettings.DATA_DIR)).as("flag over environment").isEqualTo(Path.of("/from/flag"));
        assertThat(config.get(MANAGEMENT_PORT)).as("flag over environment").isEqualTo(3000);
    }

    @Test
    void theAmqpPortKeepsTheHostTheFileGave() throws Exception {
        flags.put(StartupSetting.CONFIG_FILE, file("warren.conf", "listeners.tcp.default = 127.0.0.1:5000").toString());
        environment.put("WARREN_AMQP_PORT", "6000");
        assertThat(load().config().get(CoreSettings.AMQP_LISTENER)).isEqualTo(new Listener("127.0.0.1", 6000));

        flags.put(StartupSetting.AMQP_PORT, "0");
        assertThat(load().config().get(CoreSettings.AMQP_LISTENER)).isEqualTo(new Listener("127.0.0.1", 0));
    }

    @Test
    void warrenConfigNamesTheFileUnlessTheFlagDoes() throws Exception {
        environment.put("WARREN_CONFIG", file("env.conf", "node_name = env-file").toString());
        assertThat(load().config().get(CoreSettings.NODE_NAME)).isEqualTo("env-file");

        flags.put(StartupSetting.CONFIG_FILE, file("flag.conf", "heartbeat = 7").toString());
        LoadedConfig loaded = load();
        assertThat(loaded.file()).contains(dir.resolve("flag.conf"));
        assertThat(loaded.config().isSet(CoreSettings.NODE_NAME)).as("env.conf is not read").isFalse();
    }

    @Test
    void aMissingConfigFileNamesWhoNamedIt() {
        environment.put("WARREN_CONFIG", dir.resolve("gone.conf").toString());
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessage("environment variable WARREN_CONFIG: configuration file " + dir.resolve("gone.conf")
                        + " does not exist");

        flags.put(StartupSetting.CONFIG_FILE, "missing.conf");
        assertThatThrownBy(this::load)
                .hasMessage("option --config: configuration file missing.conf does not exist");
    }

    @Test
    void aBadEnvironmentVariableIsNamed() {
        environment.put("WARREN_AMQP_PORT", "amqp");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessage("environment variable WARREN_AMQP_PORT: bad port: 'amqp' is not a whole number; "
                        + "allowed: a port 0-65535 (0 picks a free port)");
    }

    @Test
    void aBadEnvironmentValueForAKeyIsNamedWithWhatTheKeyAllows() {
        environment.put("WARREN_MANAGEMENT_PORT", "70000");
        assertThatThrownBy(this::load)
                .hasMessage("environment variable WARREN_MANAGEMENT_PORT: bad value for management.tcp.port: "
                        + "70000 is outside 0..65535; allowed: a port 0-65535 (0 picks a free port)");
    }

    @Test
    void aBadFlagIsNamed() {
        flags.put(StartupSetting.AMQP_PORT, "65536");
        assertThatThrownBy(this::load)
                .hasMessage("option --amqp-port: bad port: 65536 is outside 0..65535; "
                        + "allowed: a port 0-65535 (0 picks a free port)");
    }

    @Test
    void emptyEnvironmentVariablesCountAsUnset() throws ConfigException {
        environment.put("WARREN_AMQP_PORT", "");
        environment.put("WARREN_CONFIG", " ");

        LoadedConfig loaded = load();

        assertThat(loaded.file()).isEmpty();
        assertThat(loaded.config().isSet(CoreSettings.AMQP_LISTENER)).isFalse();
    }

    @Test
    void otherEnvironmentVariablesAreIgnored() throws ConfigException {
        environment.put("WARREN_JAVA_OPTS", "-Xmx1g");
        environment.put("PATH", "/usr/bin");

        assertThat(load().config().isSet(CoreSettings.NODE_NAME)).isFalse();
    }

    @Test
    void theManagementPortNeedsThePluginThatDefinesIt() {
        ConfigLoader coreOnly = new ConfigLoader(ConfigKeyRegistry.core());
        flags.put(StartupSetting.MANAGEMENT_PORT, "15672");

        assertThatThrownBy(() -> coreOnly.load(StartupOverrides.fromEnvironment(environment),
                StartupOverrides.fromCommandLine(flags)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("option --management-port sets management.tcp.port, which no installed plugin defines "
                        + "(is the management plugin on the class path?)");
    }

    @Test
    void aBadLineInTheFileStopsLoading() throws IOException {
        Path conf = file("warren.conf", "heartbeat = 10", "listeners.tcp.default = everywhere");
        environment.put("WARREN_CONFIG", conf.toString());

        assertThatThrownBy(this::load)
                .hasMessageStartingWith(conf + ":2: bad value for listeners.tcp.default: 'everywhere' is not a port");
    }
}
