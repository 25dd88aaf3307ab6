package io.warren.broker.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Merges the configuration sources, each overriding the one before:
 * <ol>
 *   <li>the keys' defaults;</li>
 *   <li>the configuration file, named by {@code --config} or else {@code WARREN_CONFIG} (none by
 *       default);</li>
 *   <li>the {@code WARREN_*} environment variables;</li>
 *   <li>the command-line flags.</li>
 * </ol>
 * The environment is passed in rather than read here, so tests do not depend on the real one.
 */
public final class ConfigLoader {
    private final ConfigKeyRegistry keys;

    public ConfigLoader(ConfigKeyRegistry keys) {
        this.keys = keys;
    }

    /** The merged configuration, or a {@link ConfigException} naming the first bad setting found. */
    public LoadedConfig load(StartupOverrides environment, StartupOverrides commandLine) throws ConfigException {
        StartupOverrides fileSource = commandLine.configFile().isPresent() ? commandLine : environment;
        Optional<Path> file = fileSource.configFile();
        BrokerConfig config = BrokerConfig.defaults();
        if (file.isPresent()) {
            if (!Files.exists(file.get())) {
                // Say who named the file: a stale WARREN_CONFIG is easy to forget.
                throw new ConfigException(fileSource.describe(StartupSetting.CONFIG_FILE)
                        + ": configuration file " + file.get() + " does not exist");
            }
            config = new ConfigFileParser(keys).parse(file.get(), config);
        }
        config = environment.applyTo(config, keys);
        config = commandLine.applyTo(config, keys);
        return new LoadedConfig(config, file);
    }

    /**
     * A merged configuration and the file it was read from, if any, so start-up can say which.
     *
     * @param file the configuration file read, or empty when only defaults, variables and flags applied
     */
    public record LoadedConfig(BrokerConfig config, Optional<Path> file) {
    }
}
