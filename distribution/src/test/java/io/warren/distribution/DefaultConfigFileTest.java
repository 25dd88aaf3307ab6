package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.ConfigException;
import io.warren.broker.config.ConfigFileParser;
import io.warren.broker.config.ConfigKey;
import io.warren.broker.config.ConfigKeyRegistry;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.LoopbackUsers;
import io.warren.broker.spi.BrokerPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * conf/warren.conf, the commented default configuration shipped in the layout, must list every key
 * the broker and its bundled plugins accept, each with its real default.
 */
class DefaultConfigFileTest {
    private static final Path WARREN_CONF = Path.of("src/main/conf/warren.conf");
    /** A commented-out setting: {@code # key = value}. */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^# ([a-z_.]+) = (.*)$");

    private ConfigKeyRegistry keys;
    private List<String> lines;

    @BeforeEach
    void setUp() throws ConfigException, IOException {
        ConfigKeyRegistry.Builder builder = ConfigKeyRegistry.builder().add("broker-core", CoreSettings.all());
        for (BrokerPlugin plugin : Broker.discoverPlugins()) {
            builder.add(plugin.name(), plugin.configKeys());
        }
        keys = builder.build();
        lines = Files.readAllLines(WARREN_CONF);
    }

    @Test
    void theBundledPluginsAreOnTheClassPath() {
        assertThat(keys.find("management.tcp.port")).isPresent();
    }

    @Test
    void asShippedEverySettingIsItsDefault() throws ConfigException {
        BrokerConfig config = new ConfigFileParser(keys).parse(WARREN_CONF, BrokerConfig.defaults());

        for (ConfigKey<?> key : keys.all()) {
            assertThat(config.isSet(key)).as(key.name()).isFalse();
        }
    }

    @Test
    void everyKeyIsListedOnce() {
        List<String> listed = commentedSettings().stream().map(m -> m.group(1)).toList();

        for (ConfigKey<?> key : keys.all()) {
            String name = key == CoreSettings.LOOPBACK_USERS ? LoopbackUsers.USER_KEY_PREFIX + "guest" : key.name();
            assertThat(listed).as("warren.conf lists " + name).containsOnlyOnce(name);
        }
    }

    @Test
    void uncommentedEveryListedValueIsTheDefaultOrAValidExample() throws ConfigException {
        List<String> uncommented = commentedSettings().stream().map(m -> m.group(1) + " = " + m.group(2)).toList();

        BrokerConfig config = new ConfigFileParser(keys).parse("warren.conf", uncommented, BrokerConfig.defaults());

        for (ConfigKey<?> key : keys.all()) {
            if (key.defaultValue() != null) {
                assertThat((Object) config.get(key)).as(key.name()).isEqualTo(key.defaultValue());
            }
        }
    }

    private List<Matcher> commentedSettings() {
        List<Matcher> settings = new ArrayList<>();
        for (String line : lines) {
            Matcher m = COMMENTED_SETTING.matcher(line);
            if (m.matches()) {
                settings.add(m);
            }
        }
        return settings;
    }
}
