package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Users: add_user, delete_user, change_password, set_user_tags. */
final class UserCommands {
    private UserCommands() {
    }

    static CliException noSuchUser(String user, Exception cause) {
        return new CliException(ExitCodes.NO_USER, "User \"" + user + "\" does not exist", cause);
    }

    static String path(String user) {
        return "/api/users/" + ManagementClient.segment(user);
    }

    /** The user's record, or a "does not exist" failure. */
    static JsonNode fetch(Session session, String user) {
        try {
            return session.api().get(path(user));
        } catch (ApiStatusException e) {
            if (e.status() == 404) {
                throw noSuchUser(user, e);
            }
            throw e;
        }
    }

    /** The API's tags are a list in RabbitMQ 3.9+ and a comma-separated string before; both become "a,b". */
    static String tagsOf(JsonNode user) {
        JsonNode tags = user.path("tags");
        if (tags.isArray()) {
            List<String> names = new ArrayList<>();
            tags.forEach(tag -> names.add(tag.asText()));
            return String.join(",", names);
        }
        return tags.asText("");
    }

    /** rabbitmqctl reads the password from standard input when it is not an argument. */
    static String passwordFromStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no password given, neither as an argument nor on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the password from standard input: " + e.getMessage(), e);
        }
    }

    @Command(name = "add_user", description = "Creates a user (with no tags and no permissions).")
    static final class AddUser extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "PASSWORD", arity = "0..1",
                description = "The password; read from standard input when left out.")
        String password;

        @Override
        void run(Session session) {
            String secret = password == null ? passwordFromStdin() : password;
            session.output().info("Adding user \"" + user + "\" ...");
            // The API's PUT would silently overwrite an existing user's password; rabbitmqctl refuses.
            try {
                session.api().get(path(user));
                // rabbitmqctl's code and text for this case.
                throw new CliException(ExitCodes.SOFTWARE, "User \"" + user + "\" already exists");
            } catch (ApiStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("password", secret);
            body.put("tags", "");
            session.api().put(path(user), body);
            session.output().info("Done. Don't forget to grant the user permissions to some virtual hosts! "
                    + "See 'warrenctl help set_permissions' to learn more.");
        }
    }

    @Command(name = "delete_user", description = "Deletes a user and their permissions.")
    static final class DeleteUser extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Override
        void run(Session session) {
            session.output().info("Deleting user \"" + user + "\" ...");
            try {
                session.api().delete(path(user), Map.of());
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw noSuchUser(user, e);
                }
                throw e;
            }
        }
    }

    @Command(name = "change_password", description = "Sets a user's password, keeping their tags.")
    static final class ChangePassword extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "NEW_PASSWORD", arity = "0..1",
                description = "The new password; read from standard input when left out.")
        String password;

        @Override
        void run(Session session) {
            String secret = password == null ? passwordFromStdin() : password;
            session.output().info("Changing password for user \"" + user + "\" ...");
            // A PUT replaces the whole user, so the tags it has must be sent back.
            JsonNode existing = fetch(session, user);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("password", secret);
            body.put("tags", tagsOf(existing));
            session.api().put(path(user), body);
        }
    }

    @Command(name = "set_user_tags", description = "Replaces a user's tags (none clears them), keeping the password.")
    static final class SetUserTags extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1..*", paramLabel = "TAG", arity = "0..*",
                description = "administrator, monitoring, policymaker, management, or any other.")
        List<String> tags = new ArrayList<>();

        @Override
        void run(Session session) {
            session.output().info("Setting tags for user \"" + user + "\" to [" + String.join(", ", tags) + "] ...");
            // A PUT without a password leaves the user without one (the API's rule), so the current
            // hash goes back with the new tags.
            JsonNode existing = fetch(session, user);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("password_hash", existing.path("password_hash").asText(""));
            if (existing.hasNonNull("hashing_algorithm")) {
                body.put("hashing_algorithm", existing.get("hashing_algorithm").asText());
            }
            body.put("tags", String.join(",", tags));
            session.api().put(path(user), body);
        }
    }
}
