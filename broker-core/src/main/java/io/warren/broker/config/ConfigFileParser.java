package io.warren.broker.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a configuration file in the style of {@code rabbitmq.conf}:
 * <pre>
 *   # a comment
 *   listeners.tcp.default = 5672
 *   heartbeat = 30    # a comment may also follow a value, after a space
 * </pre>
 * Parsing is strict, because a setting silently ignored is worse than a broker that refuses to
 * start: an unknown key, a key given twice, a line without {@code =} or a value its key does not
 * allow stops start-up with a {@link ConfigException} naming the file, the line and what is allowed.
 */
public final class ConfigFileParser {
    /** A {@code #} starts a comment at the start of a line or after whitespace; elsewhere it is data. */
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#.*$");

    private final ConfigKeyRegistry keys;

    public ConfigFileParser(ConfigKeyRegistry keys) {
        this.keys = keys;
    }

    /** Reads {@code file} and returns {@code base} with every setting in it applied. */
    public BrokerConfig parse(Path file, BrokerConfig base) throws ConfigException {
        return parse(file.toString(), readLines(file), base);
    }

    /**
     * Parses {@code lines} as if read from a file called {@code fileName} (used in messages).
     */
    public BrokerConfig parse(String fileName, List<String> lines, BrokerConfig base) throws ConfigException {
        BrokerConfig config = base;
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        Map<String, Boolean> loopbackUserEntries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String where = fileName + ":" + lineNumber;
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new ConfigException(where + ": expected 'key = value' but found '" + line + "'");
            }
            String name = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (name.isEmpty()) {
                throw new ConfigException(where + ": no key before '=' in '" + line + "'");
            }
            Integer firstLine = firstLineOfKey.putIfAbsent(name, lineNumber);
            if (firstLine != null) {
                throw new ConfigException(where + ": duplicate key '" + name + "', already set on line "
                        + firstLine + "; each key may appear only once");
            }
            if (LoopbackUsers.isUserKey(name)) {
                loopbackUserEntries.put(loopbackUser(where, name), loopbackFlag(where, name, value));
                continue;
            }
            ConfigKey<?> key = keys.find(name).orElseThrow(() -> unknownKey(where, name));
            config = withParsedValue(config, key, value, where);
        }
        if (!loopbackUserEntries.isEmpty()) {
            Set<String> fromKeyOrDefault = config.get(CoreSettings.LOOPBACK_USERS);
            config = config.with(CoreSettings.LOOPBACK_USERS,
                    LoopbackUsers.apply(fromKeyOrDefault, loopbackUserEntries));
        }
        return config;
    }

    /**
     * {@code config} with {@code key} set from {@code text}; a value the key does not allow becomes a
     * {@link ConfigException} starting with {@code where} (a file and line, a variable or a flag).
     */
    static <T> BrokerConfig withParsedValue(BrokerConfig config, ConfigKey<T> key, String text, String where)
            throws ConfigException {
        try {
            return config.with(key, key.parse(text));
        } catch (IllegalArgumentException e) {
            throw badValue(where, key, e);
        }
    }

    static ConfigException badValue(String where, ConfigKey<?> key, IllegalArgumentException why) {
        return new ConfigException(where + ": bad value for " + key.name() + ": " + why.getMessage()
                + "; allowed: " + key.allowed());
    }

    private ConfigException unknownKey(String where, String name) {
        String message = where + ": unknown key '" + name + "'";
        message += keys.suggestionFor(name)
                .map(closest -> "; did you mean '" + closest + "'?")
                .orElseGet(() -> "; known keys: " + String.join(", ", knownNames()));
        return new ConfigException(message);
    }

    private List<String> knownNames() {
        return keys.all().stream().map(ConfigKey::name).toList();
    }

    private static String loopbackUser(String where, String name) throws ConfigException {
        try {
            return LoopbackUsers.userOf(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": bad key '" + name + "': " + e.getMessage()
                    + "; allowed: " + LoopbackUsers.USER_KEY_PREFIX + "<user> = true|false");
        }
    }

    private static boolean loopbackFlag(String where, String name, String value) throws ConfigException {
        try {
            return ValueParsers.bool(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": bad value for " + name + ": " + e.getMessage()
                    + "; allowed: true (the user may only connect from localhost) or false");
        }
    }

    private static String stripComment(String line) {
        if (line.stripLeading().startsWith("#")) {
            return "";
        }
        return TRAILING_COMMENT.matcher(line).replaceFirst("");
    }

    private static List<String> readLines(Path file) throws ConfigException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException("configuration file " + file + " is not valid UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }
}
