package io.warren.routing;

/**
 * A binding its exchange type refuses, with RabbitMQ's wording. The broker answers the bind with
 * {@code 406 PRECONDITION_FAILED} and this message, as RabbitMQ does for a {@code binding_invalid}
 * error (for example {@code PRECONDITION_FAILED - Invalid x-match field value <<"some">>; expected
 * all, any, all-with-x, or any-with-x}).
 */
public class InvalidBindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidBindingException(String message) {
        super(message);
    }
}
