package io.warren.management.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** close_connection. */
final class ConnectionCommands {
    private ConnectionCommands() {
    }

    @Command(name = "close_connection",
            description = "Closes a client connection, telling the client why (connection.close, 320).")
    static final class CloseConnection extends ApiCommand {
        @Parameters(index = "0", paramLabel = "CONNECTION",
                description = "The connection's name, as list_connections name (or pid) shows it, "
                        + "e.g. \"127.0.0.1:52044 -> 127.0.0.1:5672\".")
        String name;

        @Parameters(index = "1", paramLabel = "EXPLANATION", description = "The reason the client is given.")
        String explanation;

        @Override
        void run(Session session) {
            session.output().info("Closing connection " + name + ", reason: " + explanation + "...");
            try {
                // The API takes the reason from this header, as RabbitMQ's management UI sends it.
                session.api().delete("/api/connections/" + ManagementClient.segment(name),
                        Map.of("X-Reason", explanation));
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw new CliException(ExitCodes.DATA_ERROR, "connection '" + name + "' not found; "
                            + "list_connections name shows the names of the open ones", e);
                }
                throw e;
            }
        }
    }
}
