package io.warren.broker.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/** Parsers for the value types configuration keys use. Each rejects bad text with a reason. */
public final class ValueParsers {
    private ValueParsers() {
    }

    public static Function<String, Integer> intRange(int min, int max) {
        return text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
            }
            return value;
        };
    }

    public static Function<String, Long> longRange(long min, long max) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
            }
            return value;
        };
    }

    /** A fraction strictly above {@code min} and at most {@code max}, e.g. 0.4. */
    public static Function<String, Double> fraction(double min, double max) {
        return text -> {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
            if (!(value > min && value <= max)) {
                throw new IllegalArgumentException(value + " is not above " + min + " and at most " + max);
            }
            return value;
        };
    }

    public static Boolean bool(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
    }

    public static String nonEmpty(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the value is empty");
        }
        return text;
    }

    public static Path path(String text) {
        return Path.of(nonEmpty(text));
    }

    /**
     * A byte size as RabbitMQ reads one ({@code rabbit_resource_monitor_misc:parse_information_unit}):
     * a plain number of bytes, or a number with a unit. {@code kB}, {@code MB}, {@code GB} (also
     * written {@code KB}, {@code kb}, {@code Kb}, {@code mb}, {@code Mb}, {@code gb}, {@code Gb}) are
     * powers of 1000; {@code KiB}, {@code MiB}, {@code GiB} (also {@code kiB}, {@code kib},
     * {@code KIB}, ...) and the bare {@code k}, {@code M}, {@code G} (either case) are powers of 1024.
     */
    public static Function<String, Long> byteSize(long min, long max) {
        return text -> {
            long value = byteSize(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("'" + text + "' is out of range " + min + "-" + max + " bytes");
            }
            return value;
        };
    }

    /** One of {@code choices}, exactly as written there. */
    public static Function<String, String> oneOf(String... choices) {
        return text -> {
            String t = text.strip();
            for (String choice : choices) {
                if (choice.equals(t)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", choices));
        };
    }

    public static Long byteSize(String text) {
        String t = text.strip();
        int split = 0;
        while (split < t.length() && Character.isDigit(t.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 50000000, 50MB or 1GiB");
        }
        long number;
        try {
            number = Long.parseLong(t.substring(0, split));
        } catch (NumberFormatException e) {
            // Only digits reach here, so the number can only be too long for a long.
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        String unit = t.substring(split).strip();
        if (unit.startsWith(".") || unit.startsWith(",")) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number; use a smaller unit, e.g. 1500MB");
        }
        long factor = switch (unit) {
            case "" -> 1;
            case "kB", "KB", "kb", "Kb" -> 1000L;
            case "MB", "mb", "Mb" -> 1000L * 1000;
            case "GB", "gb", "Gb" -> 1000L * 1000 * 1000;
            case "KiB", "kiB", "kib", "KIB", "k", "K" -> 1024L;
            case "MiB", "mib", "MIB", "m", "M" -> 1024L * 1024;
            case "GiB", "gib", "GIB", "g", "G" -> 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException(
                    "unknown size unit '" + unit + "' (use kB, MB, GB or KiB, MiB, GiB)");
        };
        try {
            return Math.multiplyExact(number, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }
}
