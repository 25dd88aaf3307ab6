package io.warren.management.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Permissions of a user in the {@code -p} vhost: set_permissions, clear_permissions. */
final class PermissionCommands {
    private PermissionCommands() {
    }

    static String path(Session session, String user) {
        return "/api/permissions/" + session.vhostSegment() + "/" + ManagementClient.segment(user);
    }

    /**
     * The API says "vhost_or_user_not_found" (400) or a bare 404; which of the two is missing is
     * what the operator needs to know.
     */
    static CliException whichIsMissing(Session session, String user, ApiStatusException e) {
        if (!ApiCommand.vhostExists(session)) {
            return ApiCommand.noSuchVhost(session.vhost(), e);
        }
        try {
            session.api().get(UserCommands.path(user));
        } catch (ApiStatusException userLookup) {
            if (userLookup.status() == 404) {
                return UserCommands.noSuchUser(user, e);
            }
            throw userLookup;
        }
        return null;
    }

    @Command(name = "set_permissions",
            description = "Sets a user's configure, write and read permissions (regular expressions) in a vhost.")
    static final class SetPermissions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "CONF", description = "e.g. \".*\"; \"\" for none")
        String configure;

        @Parameters(index = "2", paramLabel = "WRITE")
        String write;

        @Parameters(index = "3", paramLabel = "READ")
        String read;

        @Override
        void run(Session session) {
            session.output().info("Setting permissions for user \"" + user + "\" in vhost \"" + session.vhost()
                    + "\" ...");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("configure", configure);
            body.put("write", write);
            body.put("read", read);
            try {
                session.api().put(path(session, user), body);
            } catch (ApiStatusException e) {
                if (e.status() == 404 || e.status() == 400 && "vhost_or_user_not_found".equals(e.reason())) {
                    CliException missing = whichIsMissing(session, user, e);
                    if (missing != null) {
                        throw missing;
                    }
                }
                throw e;
            }
        }
    }

    @Command(name = "clear_permissions", description = "Removes a user's permissions in a vhost.")
    static final class ClearPermissions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Override
        void run(Session session) {
            session.output().info("Clearing permissions for user \"" + user + "\" in vhost \"" + session.vhost()
                    + "\" ...");
            try {
                session.api().delete(path(session, user), Map.of());
            } catch (ApiStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
                CliException missing = whichIsMissing(session, user, e);
                if (missing != null) {
                    throw missing;
                }
                // Both exist and there was nothing to clear: done, as rabbitmqctl sees it.
            }
        }
    }
}
