package io.warren.management.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Virtual hosts: add_vhost, delete_vhost. */
final class VhostCommands {
    private VhostCommands() {
    }

    static String path(String vhost) {
        return "/api/vhosts/" + ManagementClient.segment(vhost);
    }

    @Command(name = "add_vhost", description = "Creates a virtual host.")
    static final class AddVhost extends ApiCommand {
        @Parameters(index = "0", paramLabel = "VHOST")
        String vhost;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--tags", paramLabel = "TAGS", description = "Comma-separated tags.")
        String tags;

        @Option(names = "--default-queue-type", paramLabel = "TYPE", description = "classic, quorum or stream.")
        String defaultQueueType;

        @Override
        void run(Session session) {
            session.output().info("Adding vhost \"" + vhost + "\" ...");
            Map<String, Object> body = new LinkedHashMap<>();
            if (description != null) {
                body.put("description", description);
            }
            if (tags != null) {
                body.put("tags", tags);
            }
            if (defaultQueueType != null) {
                body.put("default_queue_type", defaultQueueType);
            }
            session.api().put(path(vhost), body);
        }
    }

    @Command(name = "delete_vhost", description = "Deletes a virtual host and everything in it.")
    static final class DeleteVhost extends ApiCommand {
        @Parameters(index = "0", paramLabel = "VHOST")
        String vhost;

        @Override
        void run(Session session) {
            session.output().info("Deleting vhost \"" + vhost + "\" ...");
            try {
                session.api().delete(path(vhost), Map.of());
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw ApiCommand.noSuchVhost(vhost, e);
                }
                throw e;
            }
        }
    }
}
