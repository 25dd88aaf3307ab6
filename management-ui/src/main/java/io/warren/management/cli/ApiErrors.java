package io.warren.management.cli;

/**
 * Turns an error status the command did not explain itself into a message that says what went
 * wrong and what to check, with rabbitmqctl's exit code for that kind of failure.
 */
final class ApiErrors {
    private ApiErrors() {
    }

    static CliException explain(ApiStatusException e, ManagementClient api) {
        int status = e.status();
        String reason = e.reasonOrStatus();
        if (status == 401 && "Login failed".equalsIgnoreCase(reason)) {
            return new CliException(ExitCodes.NO_PERMISSION, "authentication failed: " + api.node()
                    + " refused user '" + api.username() + "' (HTTP 401: " + reason + "). Check --username and "
                    + "--password, or WARREN_USERNAME and WARREN_PASSWORD.", e);
        }
        if (status == 401 || status == 403) {
            // RabbitMQ answers 401 also for a known user whose tags or permissions do not allow the request.
            return new CliException(ExitCodes.NO_PERMISSION, "user '" + api.username() + "' is not allowed to do "
                    + "this (HTTP " + status + ": " + reason + ")", e);
        }
        if (status == 404) {
            return new CliException(ExitCodes.DATA_ERROR, "not found: " + e.getMessage(), e);
        }
        if (status == 400 || status == 409 || status == 412 || status == 415) {
            return new CliException(ExitCodes.DATA_ERROR, "the node refused the request (HTTP " + status + "): "
                    + reason, e);
        }
        if (status == 405) {
            return new CliException(ExitCodes.SOFTWARE, "the node does not support this request: " + e.getMessage()
                    + ". Is it a RabbitMQ-compatible management API?", e);
        }
        return new CliException(ExitCodes.SOFTWARE, e.getMessage(), e);
    }
}
