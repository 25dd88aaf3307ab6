package io.warren.management.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Policies of the {@code -p} vhost: set_policy, clear_policy. */
final class PolicyCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCommands() {
    }

    static String path(Session session, String name) {
        return "/api/policies/" + session.vhostSegment() + "/" + ManagementClient.segment(name);
    }

    @Command(name = "set_policy", description = "Sets (creates or replaces) a policy.")
    static final class SetPolicy extends ApiCommand {
        @Option(names = "--priority", paramLabel = "N", defaultValue = "0",
                description = "The policy with the highest priority wins (default: ${DEFAULT-VALUE}).")
        int priority;

        @Option(names = "--apply-to", paramLabel = "KIND", defaultValue = "all",
                description = "queues, exchanges or all (default: ${DEFAULT-VALUE}).")
        String applyTo;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "PATTERN", description = "Regular expression matched against names.")
        String pattern;

        @Parameters(index = "2", paramLabel = "DEFINITION", description = "A JSON object, e.g. '{\"max-length\":10}'.")
        String definition;

        @Override
        void run(Session session) {
            // Checked here so that a quoting mistake in the shell reads as such, not as the node's 400.
            JsonNode parsed;
            try {
                parsed = JSON.readTree(definition);
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.DATA_ERROR, "the policy definition is not valid JSON: "
                        + e.getOriginalMessage(), e);
            }
            if (parsed == null || !parsed.isObject()) {
                throw new CliException(ExitCodes.DATA_ERROR, "the policy definition must be a JSON object, "
                        + "e.g. '{\"max-length\":10}', not: " + definition);
            }
            session.output().info("Setting policy \"" + name + "\" for pattern \"" + pattern + "\" to \""
                    + definition + "\" with priority \"" + priority + "\" for vhost \"" + session.vhost() + "\" ...");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pattern", pattern);
            body.put("definition", parsed);
            body.put("priority", priority);
            body.put("apply-to", applyTo);
            try {
                session.api().put(path(session, name), body);
            } catch (ApiStatusException e) {
                if (e.status() == 404 && !ApiCommand.vhostExists(session)) {
                    throw ApiCommand.noSuchVhost(session.vhost(), e);
                }
                throw e;
            }
        }
    }

    @Command(name = "clear_policy", description = "Removes a policy.")
    static final class ClearPolicy extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(Session session) {
            session.output().info("Clearing policy \"" + name + "\" on vhost \"" + session.vhost() + "\" ...");
            try {
                session.api().delete(path(session, name), Map.of());
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw ApiCommand.notFoundInVhost(session, e, "policy '" + name + "'");
                }
                throw e;
            }
        }
    }
}
