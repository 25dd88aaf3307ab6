package io.warren.broker.config;

/**
 * The settings that can also be given outside the configuration file, each by a {@code WARREN_*}
 * environment variable and a command-line flag, and the configuration key each one sets.
 */
public enum StartupSetting {
    /** Which configuration file to read; not a key itself. */
    CONFIG_FILE("WARREN_CONFIG", "--config", null),
    DATA_DIR("WARREN_DATA_DIR", "--data-dir", CoreSettings.DATA_DIR.name()),
    /** Sets the port of {@code listeners.tcp.default}, keeping a host the file gave. */
    AMQP_PORT("WARREN_AMQP_PORT", "--amqp-port", CoreSettings.AMQP_LISTENER.name()),
    /** The management plugin's key; it exists only when that plugin is on the class path. */
    MANAGEMENT_PORT("WARREN_MANAGEMENT_PORT", "--management-port", "management.tcp.port"),
    NODE_NAME("WARREN_NODE_NAME", "--node-name", CoreSettings.NODE_NAME.name());

    private final String environmentVariable;
    private final String flag;
    private final String keyName;

    StartupSetting(String environmentVariable, String flag, String keyName) {
        this.environmentVariable = environmentVariable;
        this.flag = flag;
        this.keyName = keyName;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    public String flag() {
        return flag;
    }

    /** The configuration key this setting overrides, or {@code null} for {@link #CONFIG_FILE}. */
    public String keyName() {
        return keyName;
    }
}
