package io.warren.routing;

import java.util.Map;

/**
 * The {@code headers} exchange type: routes on the message's {@code headers} table instead of its
 * routing key, as RabbitMQ's {@code rabbit_exchange_type_headers} does (see
 * <a href="https://www.rabbitmq.com/tutorials/amqp-concepts#exchange-headers">RabbitMQ: headers
 * exchange</a>). In short:
 * <ul>
 *   <li>{@code x-match} is {@code all} (the default), {@code any}, {@code all-with-x} or
 *       {@code any-with-x}; other arguments starting with {@code x-} count only in the
 *       {@code -with-x} modes;</li>
 *   <li>a void-valued argument asks only that the header be there; others ask for an equal value;</li>
 *   <li>{@code all} with nothing to compare matches every message, headers or not; {@code any}
 *       with nothing to compare matches none;</li>
 *   <li>"equal" is RabbitMQ 4's: integer types compare by value ({@code Integer 1} matches
 *       {@code Long 1}), an integer never equals a float, a string equals a byte array of its UTF-8
 *       bytes, and arrays and tables compare with their element types.</li>
 * </ul>
 * The full rules are in {@code HeadersMatcher} and {@code FieldValues}. Routing scans every
 * binding, as RabbitMQ's does, with each binding's rule prepared when it was bound.
 */
public final class HeadersExchangeType implements ExchangeType {
    /** The type's name in {@code exchange.declare}. */
    public static final String NAME = "headers";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AMQP headers exchange, as per the AMQP specification";
    }

    @Override
    public <D> BindingTable<D> newBindingTable() {
        return new HeadersBindingTable<>();
    }

    /**
     * Accepts a missing {@code x-match} and the four known values; refuses anything else with
     * RabbitMQ's words, e.g. {@code Invalid x-match field value <<"some">>; expected all, any,
     * all-with-x, or any-with-x}, or for a value that is not a string, {@code Invalid x-match field
     * type signedint (value 1); expected longstr}.
     */
    @Override
    public void validateBinding(String routingKey, Map<String, Object> arguments) {
        if (arguments == null || !arguments.containsKey(HeadersMatcher.X_MATCH)) {
            return;
        }
        Object mode = arguments.get(HeadersMatcher.X_MATCH);
        if (mode instanceof String text) {
            switch (text) {
                case "all", "any", "all-with-x", "any-with-x" -> {
                    return;
                }
                default -> throw new InvalidBindingException("Invalid x-match field value "
                        + ErlangTerms.format(text) + "; expected all, any, all-with-x, or any-with-x");
            }
        }
        throw new InvalidBindingException("Invalid x-match field type " + ErlangTerms.typeName(mode)
                + " (value " + ErlangTerms.format(mode) + "); expected longstr");
    }
}
