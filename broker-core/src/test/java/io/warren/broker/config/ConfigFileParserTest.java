package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileParserTest {
    private final ConfigFileParser parser = new ConfigFileParser(ConfigKeyRegistry.core());

    private BrokerConfig parse(String... lines) throws ConfigException {
        return parser.parse("warren.conf", List.of(lines), BrokerConfig.defaults());
    }

    @Test
    void readsKeysBetweenCommentsAndBlankLinesWithAnyWhitespaceAroundEquals() throws ConfigException {
        BrokerConfig config = parse(
                "# Warren",
                "",
                "   # an indented comment",
                "heartbeat=30",
                "  frame_max   =   8192  ",
                "\tnode_name\t=\trabbit@host    # after a space, '#' starts a comment",
                "default_pass = p#ss",
                "listeners.tcp.default = 127.0.0.1:5673");

        assertThat(config.get(CoreSettings.HEARTBEAT)).isEqualTo(30);
        assertThat(config.get(CoreSettings.FRAME_MAX)).isEqualTo(8192);
        assertThat(config.get(CoreSettings.NODE_NAME)).isEqualTo("rabbit@host");
        assertThat(config.get(CoreSettings.DEFAULT_PASS)).isEqualTo("p#ss");
        assertThat(config.get(CoreSettings.AMQP_LISTENER)).isEqualTo(new Listener("127.0.0.1", 5673));
        assertThat(config.isSet(CoreSettings.CHANNEL_MAX)).isFalse();
        assertThat(config.get(CoreSettings.CHANNEL_MAX)).isEqualTo(2047);
    }

    @Test
    void keepsTheBaseForKeysTheFileDoesNotSet() throws ConfigException {
        BrokerConfig base = BrokerConfig.defaults().with(CoreSettings.NODE_NAME, "from-base");

        BrokerConfig config = parser.parse("warren.conf", List.of("heartbeat = 5"), base);

        assertThat(config.get(CoreSettings.NODE_NAME)).isEqualTo("from-base");
        assertThat(config.get(CoreSettings.HEARTBEAT)).isEqualTo(5);
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws ConfigException {
        BrokerConfig config = parse();

        for (ConfigKey<?> key : CoreSettings.all()) {
            assertThat(config.isSet(key)).as(key.name()).isFalse();
        }
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestKnownKey() {
        assertThatThrownBy(() -> parse("# comment", "", "hearbeat = 30"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:3: unknown key 'hearbeat'; did you mean 'heartbeat'?");
    }

    @Test
    void anUnknownKeyLikeNoKnownKeyIsRefusedWithTheListOfKnownKeys() {
        assertThatThrownBy(() -> parse("colour = blue"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("warren.conf:1: unknown key 'colour'; known keys: listeners.tcp.default, data_dir,")
                .hasMessageContaining("handshake_timeout");
    }

    @Test
    void keysAreCaseSensitive() {
        assertThatThrownBy(() -> parse("Heartbeat = 30"))
                .hasMessage("warren.conf:1: unknown key 'Heartbeat'; did you mean 'heartbeat'?");
    }

    @Test
    void aPluginsKeysAreKnownOnlyWhenThePluginIs() throws ConfigException {
        ConfigKey<Integer> pluginKey = ConfigKey.of("example.tcp.port", ValueParsers.intRange(0, 65535), 1234,
                "a port", "an example plugin's port");
        ConfigKeyRegistry withPlugin = ConfigKeyRegistry.builder()
                .add("broker-core", CoreSettings.all())
                .add("plugin example", List.of(pluginKey))
                .build();

        BrokerConfig config = new ConfigFileParser(withPlugin)
                .parse("warren.conf", List.of("example.tcp.port = 4321"), BrokerConfig.defaults());

        assertThat(config.get(pluginKey)).isEqualTo(4321);
        assertThatThrownBy(() -> parse("example.tcp.port = 4321"))
                .hasMessageStartingWith("warren.conf:1: unknown key 'example.tcp.port'");
    }

    @Test
    void aBadValueNamesTheLineTheKeyWhyAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("frame_max = 8192", "heartbeat = often"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:2: bad value for heartbeat: 'often' is not a whole number; "
                        + "allowed: seconds, 0-65535 (0 disables heartbeats)");
    }

    @Test
    void aValueOutOfRangeIsRefused() {
        assertThatThrownBy(() -> parse("listeners.tcp.default = 70000"))
                .hasMessage("warren.conf:1: bad value for listeners.tcp.default: port 70000 is outside 0..65535; "
                        + "allowed: a port 0-65535 or host:port (0 picks a free port)");
        assertThatThrownBy(() -> parse("vm_memory_high_watermark.relative = 1.5"))
                .hasMessageStartingWith("warren.conf:1: bad value for vm_memory_high_watermark.relative: 1.5 is not")
                .hasMessageEndingWith("allowed: a fraction above 0 and at most 1, e.g. 0.4");
    }

    @Test
    void anEmptyValueIsABadValue() {
        assertThatThrownBy(() -> parse("node_name ="))
                .hasMessage("warren.conf:1: bad value for node_name: the value is empty; allowed: a non-empty name");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingBothLines() {
        assertThatThrownBy(() -> parse("heartbeat = 30", "frame_max = 8192", "", "heartbeat = 30"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:4: duplicate key 'heartbeat', already set on line 1; "
                        + "each key may appear only once");
    }

    @Test
    void aLineWithoutEqualsIsRefused() {
        assertThatThrownBy(() -> parse("heartbeat 30"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warren.conf:1: expected 'key = value' but found 'heartbeat 30'");
    }

    @Test
    void aLineWithoutKeyIsRefused() {
        assertThatThrownBy(() -> parse("= 30"))
                .hasMessage("warren.conf:1: no key before '=' in '= 30'");
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws IOException, ConfigException {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "# settings\r\nheartbeat = 15\r\n");
        assertThat(parser.parse(file, BrokerConfig.defaults()).get(CoreSettings.HEARTBEAT)).isEqualTo(15);

        Files.writeString(file, "heartbeat = 15\nhandshake_timout = 5000\n");
        assertThatThrownBy(() -> parser.parse(file, BrokerConfig.defaults()))
                .hasMessage(file + ":2: unknown key 'handshake_timout'; did you mean 'handshake_timeout'?");
    }

    @Test
    void aMissingFileIsAConfigError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> parser.parse(missing, BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + missing + " does not exist");
    }

    @Test
    void aFileThatIsNotUtf8IsAConfigError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'n', 'o', 'd', 'e', '_', 'n', 'a', 'm', 'e', '=', (byte) 0xe9});
        assertThatThrownBy(() -> parser.parse(file, BrokerConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + file + " is not valid UTF-8 text");
    }

    @Test
    void loopbackUsersDefaultToGuest() throws ConfigException {
        assertThat(parse().get(CoreSettings.LOOPBACK_USERS)).containsExactly("guest");
    }

    @Test
    void loopbackUsersNoneRestrictsNobody() throws ConfigException {
        assertThat(parse("loopback_users = none").get(CoreSettings.LOOPBACK_USERS)).isEmpty();
    }

    @Test
    void loopbackUsersCanBeSetPerUserOnTopOfTheBaseWhereverTheLinesStand() throws ConfigException {
        assertThat(parse("loopback_users.guest = false").get(CoreSettings.LOOPBACK_USERS)).isEmpty();
        assertThat(parse("loopback_users.monitor = true").get(CoreSettings.LOOPBACK_USERS))
                .isEqualTo(Set.of("guest", "monitor"));
        assertThat(parse("loopback_users.monitor = true", "loopback_users = none").get(CoreSettings.LOOPBACK_USERS))
                .isEqualTo(Set.of("monitor"));
    }

    @Test
    void badLoopbackUserLinesAreRefused() {
        assertThatThrownBy(() -> parse("loopback_users = guest"))
                .hasMessage("warren.conf:1: bad value for loopback_users: 'guest' is not 'none' (to restrict a user, "
                        + "write loopback_users.<user> = true); allowed: none, or loopback_users.<user> = true|false "
                        + "per user");
        assertThatThrownBy(() -> parse("loopback_users.guest = maybe"))
                .hasMessage("warren.conf:1: bad value for loopback_users.guest: 'maybe' is not true or false; "
                        + "allowed: true (the user may only connect from localhost) or false");
        assertThatThrownBy(() -> parse("loopback_users. = true"))
                .hasMessageStartingWith("warren.conf:1: bad key 'loopback_users.': the key names no user");
        assertThatThrownBy(() -> parse("loopback_users.guest = false", "loopback_users.guest = true"))
                .hasMessageStartingWith("warren.conf:2: duplicate key 'loopback_users.guest', already set on line 1");
    }
}
