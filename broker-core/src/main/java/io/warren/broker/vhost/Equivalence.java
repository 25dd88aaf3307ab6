package io.warren.broker.vhost;

import io.warren.amqp.field.Binary;
import io.warren.broker.AmqpException;
import io.warren.broker.FieldTypeNames;
import io.warren.broker.IntegerFields;
import io.warren.broker.Resource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that a re-declaration matches what exists, and words the refusal as RabbitMQ does:
 * {@code inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'}.
 */
final class Equivalence {
    private static final String QUEUE_TYPE = "x-queue-type";

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
            if (rSet && cSet) {
                // Both present: RabbitMQ shows the bare values, whether the type classes or the values differ.
                if (!sameTypeClass(r, c) || !sameValue(r, c)) {
                    throw AmqpException.preconditionFailed("inequivalent arg '" + key + "' for " + resource
                            + ": received '" + display(r) + "' but current is '" + display(c) + "'");
                }
            } else if (rSet || cSet) {
                if (key.equals(QUEUE_TYPE) && "classic".equals(rSet ? r : c)) {
                    continue; // a classic queue need not carry x-queue-type (rabbit_misc assert_field_equivalence)
                }
                throw AmqpException.preconditionFailed("inequivalent arg '" + key + "' for " + resource
                        + ": received " + describe(rSet, r) + " but current is " + describe(cSet, c));
            }
        }
    }

    /** RabbitMQ compares all integer types as one class (long 5 equals signedint 5), floats as another. */
    private static boolean sameTypeClass(Object a, Object b) {
        if (IntegerFields.isInteger(a) && IntegerFields.isInteger(b)) {
            return true;
        }
        if (isFloat(a) && isFloat(b)) {
            return true;
        }
        return a != null && b != null && a.getClass() == b.getClass();
    }

    private static boolean sameValue(Object a, Object b) {
        if (IntegerFields.isInteger(a)) {
            return IntegerFields.longValue(a) == IntegerFields.longValue(b);
        }
        if (isFloat(a)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static boolean isFloat(Object v) {
        return v instanceof Float || v instanceof Double;
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
        if (IntegerFields.isInteger(value)) {
            return String.valueOf(IntegerFields.longValue(value));
        }
        return String.valueOf(value);
    }

}
