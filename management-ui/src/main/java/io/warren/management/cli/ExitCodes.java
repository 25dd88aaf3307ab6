package io.warren.management.cli;

/**
 * How {@code warrenctl} ends: rabbitmqctl's codes, which come from BSD's {@code sysexits.h}, so a
 * script written against rabbitmqctl reads warrenctl's failures the same way.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad command line: unknown command or option, wrong number of arguments, unknown column. */
    public static final int USAGE = 64;
    /** The request was understood but refused as wrong: no such queue, vhost or user; a bad value. */
    public static final int DATA_ERROR = 65;
    /** No such user (rabbitmqctl's {@code EX_NOUSER}). */
    public static final int NO_USER = 67;
    /** The node cannot be reached at the URL given (nothing listening, unknown host). */
    public static final int UNAVAILABLE = 69;
    /** The node answered something unexpected (a 5xx, a body that is not the API's JSON). */
    public static final int SOFTWARE = 70;
    /** The node did not answer in time, or did not finish starting within await_startup's timeout. */
    public static final int TEMP_FAIL = 75;
    /** Bad credentials, or the user's tags or permissions do not allow the operation (HTTP 401/403). */
    public static final int NO_PERMISSION = 77;

    private ExitCodes() {
    }
}
