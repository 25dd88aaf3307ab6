package io.warren.broker.vhost;

import io.warren.broker.AmqpException;
import io.warren.broker.FieldTypeNames;
import io.warren.broker.Resource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code x-} arguments of {@code queue.declare}: which RabbitMQ compares on re-declaration,
 * and how a new queue's are validated (RabbitMQ's texts: {@code invalid arg 'x-queue-type' for
 * queue 'q' in vhost '/': "unsupported queue type 'foo'"}).
 *
 * <p>Arguments whose behaviour Warren does not implement yet are refused outright rather than
 * accepted and ignored: a queue that silently never expires messages would be worse than an error.
 */
public final class QueueArguments {
    private QueueArguments() {
    }

    public static final List<String> COMPARED_ON_REDECLARE = List.of(
            "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-max-length", "x-max-length-bytes", "x-max-priority", "x-overflow", "x-queue-mode",
            "x-queue-type", "x-single-active-consumer");

    private static final Set<String> NOT_YET_SUPPORTED = Set.of(
            "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-max-length", "x-max-length-bytes", "x-overflow", "x-max-priority", "x-single-active-consumer");

    /** Validates the arguments of a queue about to be created. */
    public static void validate(Resource queue, Map<String, Object> arguments) {
        Object type = arguments.get("x-queue-type");
        if (type != null) {
            requireString(queue, "x-queue-type", type);
            if (!type.equals("classic")) {
                throw invalid(queue, "x-queue-type", "\"unsupported queue type '" + type + "'\"");
            }
        }
        Object mode = arguments.get("x-queue-mode");
        if (mode != null) {
            requireString(queue, "x-queue-mode", mode);
            if (!mode.equals("default") && !mode.equals("lazy")) {
                throw invalid(queue, "x-queue-mode", "\"unsupported queue mode '" + mode + "'\"");
            }
        }
        for (String key : arguments.keySet()) {
            if (NOT_YET_SUPPORTED.contains(key)) {
                throw AmqpException.preconditionFailed("arg '" + key + "' for " + queue
                        + " is not supported by Warren yet");
            }
        }
    }

    private static void requireString(Resource queue, String key, Object value) {
        if (!(value instanceof String)) {
            throw invalid(queue, key, "{unacceptable_type," + FieldTypeNames.of(value) + "}");
        }
    }

    private static AmqpException invalid(Resource queue, String key, String reason) {
        return AmqpException.preconditionFailed("invalid arg '" + key + "' for " + queue + ": " + reason);
    }
}
