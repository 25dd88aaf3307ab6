package io.warren.broker.vhost;

import io.warren.amqp.field.Binary;
import io.warren.amqp.field.UnsignedByte;
import io.warren.amqp.field.UnsignedInt;
import io.warren.amqp.field.UnsignedShort;
import io.warren.broker.AmqpException;
import io.warren.broker.FieldTypeNames;
import io.warren.broker.Resource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a re-declaration matches what exists, and words the refusal as RabbitMQ does:
 * {@code inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'}.
 */
final class Equivalence {
    private Equivalence() {
    }

    static void require(Resource resource, String property, Object received, Object current) {
        if (!Objects.equals(received, current)) {
            throw AmqpException.preconditionFailed("inequivalent arg '" + property + "' for " + resource
                    + ": received '" + received + "' but current is '" + current + "'");
        }
    }

    /** Compares the arguments RabbitMQ compares for this kind of resource; others may differ freely. */
    static void requireArguments(Resource resource, Map<String, Object> received, Map<String, Object> current,
                                 List<String> compared) {
        for (String key : compared) {
            Object r = received.get(key);
            Object c = current.get(key);
            boolean rSet = received.containsKey(key);
            boolean cSet = current.containsKey(key);
            if (rSet && cSet && sameTypeClass(r, c)) {
                if (!sameValue(r, c)) {
                    throw AmqpException.preconditionFailed("inequivalent arg '" + key + "' for " + resource
                            + ": received '" + display(r) + "' but current is '" + display(c) + "'");
                }
            } else if (rSet || cSet) {
                throw AmqpException.preconditionFailed("inequivalent arg '" + key + "' for " + resource
                        + ": received " + describe(rSet, r) + " but current is " + describe(cSet, c));
            }
        }
    }

    /** RabbitMQ compares all integer types as one class (long 5 equals signedint 5), floats as another. */
    private static boolean sameTypeClass(Object a, Object b) {
        if (isInteger(a) && isInteger(b)) {
            return true;
        }
        if (isFloat(a) && isFloat(b)) {
            return true;
        }
        return a != null && b != null && a.getClass() == b.getClass();
    }

    private static boolean sameValue(Object a, Object b) {
        if (isInteger(a)) {
            return integerValue(a) == integerValue(b);
        }
        if (isFloat(a)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return Objects.equals(a, b);
    }

    static boolean isInteger(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
                || v instanceof UnsignedByte || v instanceof UnsignedShort || v instanceof UnsignedInt;
    }

    private static boolean isFloat(Object v) {
        return v instanceof Float || v instanceof Double;
    }

    /** The value of any integer field type as a long. */
    static long integerValue(Object v) {
        if (v instanceof UnsignedByte u) {
            return u.value();
        } else if (v instanceof UnsignedShort u) {
            return u.value();
        } else if (v instanceof UnsignedInt u) {
            return u.value();
        }
        return ((Number) v).longValue();
    }

    private static String describe(boolean present, Object value) {
        if (!present) {
            return "none";
        }
        return "the value '" + display(value) + "' of type '" + FieldTypeNames.of(value) + "'";
    }

    private static String display(Object value) {
        if (value instanceof Binary b) {
            return b.toUtf8String();
        }
        if (isInteger(value)) {
            return String.valueOf(integerValue(value));
        }
        return String.valueOf(value);
    }

}
