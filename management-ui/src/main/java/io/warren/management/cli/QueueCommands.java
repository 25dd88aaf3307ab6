package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Queues of the {@code -p} vhost: purge_queue, delete_queue. */
final class QueueCommands {
    private QueueCommands() {
    }

    static String path(Session session, String queue) {
        return "/api/queues/" + session.vhostSegment() + "/" + ManagementClient.segment(queue);
    }

    static CliException noSuchQueue(Session session, String queue, ApiStatusException e) {
        return ApiCommand.notFoundInVhost(session, e, "queue '" + queue + "'");
    }

    @Command(name = "purge_queue", description = "Removes every ready message from a queue.")
    static final class PurgeQueue extends ApiCommand {
        @Parameters(index = "0", paramLabel = "QUEUE")
        String queue;

        @Override
        void run(Session session) {
            session.output().info("Purging queue '" + queue + "' in vhost '" + session.vhost() + "' ...");
            try {
                session.api().delete(path(session, queue) + "/contents", Map.of());
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw noSuchQueue(session, queue, e);
                }
                throw e;
            }
        }
    }

    @Command(name = "delete_queue", description = "Deletes a queue.")
    static final class DeleteQueue extends ApiCommand {
        @Parameters(index = "0", paramLabel = "QUEUE")
        String queue;

        @Option(names = {"-e", "--if-empty"}, description = "Only if the queue has no messages.")
        boolean ifEmpty;

        @Option(names = {"-u", "--if-unused"}, description = "Only if the queue has no consumers.")
        boolean ifUnused;

        @Override
        void run(Session session) {
            List<String> conditions = new ArrayList<>();
            if (ifEmpty) {
                conditions.add("if queue is empty ");
            }
            if (ifUnused) {
                conditions.add("if queue is unused ");
            }
            session.output().info("Deleting queue '" + queue + "' on vhost '" + session.vhost() + "' "
                    + String.join("and ", conditions) + "...");
            // The API's DELETE does not say how many messages went with the queue; rabbitmqctl does,
            // so the count is read first (messages arriving in between are not counted).
            long ready;
            try {
                JsonNode found = session.api().get(path(session, queue));
                ready = found.path("messages_ready").asLong(0);
                StringBuilder query = new StringBuilder();
                if (ifEmpty) {
                    query.append("if-empty=true");
                }
                if (ifUnused) {
                    query.append(query.isEmpty() ? "" : "&").append("if-unused=true");
                }
                session.api().delete(path(session, queue) + (query.isEmpty() ? "" : "?" + query), Map.of());
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw noSuchQueue(session, queue, e);
                }
                if (e.status() == 400 && (ifEmpty || ifUnused)) {
                    // The API's reason is "queue 'q' in vhost '/' not empty" (or "in use"); rabbitmqctl
                    // says it shorter.
                    String reason = e.reasonOrStatus();
                    throw new CliException(ExitCodes.DATA_ERROR, reason.contains("not empty") ? "Queue is not empty"
                            : reason.contains("in use") ? "Queue is in use" : "Queue was not deleted: " + reason, e);
                }
                throw e;
            }
            session.output().info("Queue was successfully deleted with " + ready + " ready messages");
        }
    }
}
