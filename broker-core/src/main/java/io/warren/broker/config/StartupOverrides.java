package io.warren.broker.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings given by one source outside the configuration file: the {@code WARREN_*} environment
 * variables, or the command-line flags. Values are kept as text and checked by the same parsers as
 * the file's, so an error reads the same wherever the value came from, and names the variable or
 * flag it came from.
 */
public final class StartupOverrides {
    private enum Source { ENVIRONMENT, COMMAND_LINE }

    private final Source source;
    private final Map<StartupSetting, String> values;

    private StartupOverrides(Source source, EnumMap<StartupSetting, String> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /**
     * The settings among {@code environment}'s {@code WARREN_*} variables. An empty variable counts as
     * unset, as shells and container tools often leave one empty rather than absent.
     */
    public static StartupOverrides fromEnvironment(Map<String, String> environment) {
        EnumMap<StartupSetting, String> values = new EnumMap<>(StartupSetting.class);
        for (StartupSetting setting : StartupSetting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null && !value.isBlank()) {
                values.put(setting, value);
            }
        }
        return new StartupOverrides(Source.ENVIRONMENT, values);
    }

    /** The settings given as command-line flags; a missing (null) value means the flag was not given. */
    public static StartupOverrides fromCommandLine(Map<StartupSetting, String> flags) {
        EnumMap<StartupSetting, String> values = new EnumMap<>(StartupSetting.class);
        flags.forEach((setting, value) -> {
            if (value != null) {
                values.put(setting, value);
            }
        });
        return new StartupOverrides(Source.COMMAND_LINE, values);
    }

    /** The configuration file this source names, if it names one. */
    public Optional<Path> configFile() throws ConfigException {
        String text = values.get(StartupSetting.CONFIG_FILE);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ValueParsers.path(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(describe(StartupSetting.CONFIG_FILE) + ": '" + text
                    + "' is not a file path: " + e.getMessage());
        }
    }

    /** {@code config} with this source's settings applied on top. */
    public BrokerConfig applyTo(BrokerConfig config, ConfigKeyRegistry keys) throws ConfigException {
        BrokerConfig result = config;
        for (Map.Entry<StartupSetting, String> entry : values.entrySet()) {
            StartupSetting setting = entry.getKey();
            if (setting != StartupSetting.CONFIG_FILE) {
                result = apply(result, keys, setting, entry.getValue());
            }
        }
        return result;
    }

    private BrokerConfig apply(BrokerConfig config, ConfigKeyRegistry keys, StartupSetting setting, String text)
            throws ConfigException {
        String where = describe(setting);
        if (setting == StartupSetting.AMQP_PORT) {
            return withAmqpPort(config, where, text);
        }
        ConfigKey<?> key = keys.find(setting.keyName()).orElseThrow(() -> new ConfigException(where
                + " sets " + setting.keyName() + ", which no installed plugin defines"
                + " (is the management plugin on the class path?)"));
        return ConfigFileParser.withParsedValue(config, key, text, where);
    }

    /** Replaces the port of {@code listeners.tcp.default}, keeping the host the file may have given. */
    private static BrokerConfig withAmqpPort(BrokerConfig config, String where, String text) throws ConfigException {
        ConfigKey<Listener> key = CoreSettings.AMQP_LISTENER;
        int port;
        try {
            port = ValueParsers.intRange(0, 65535).apply(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": bad port: " + e.getMessage()
                    + "; allowed: a port 0-65535 (0 picks a free port)");
        }
        return config.with(key, config.get(key).withPort(port));
    }

    /** Where {@code setting} came from, for messages: {@code environment variable WARREN_X} or {@code option --x}. */
    public String describe(StartupSetting setting) {
        return source == Source.ENVIRONMENT
                ? "environment variable " + setting.environmentVariable()
                : "option " + setting.flag();
    }
}
