package io.warren.management.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A sub-command that talks to the API. Error statuses the command does not explain itself are
 * explained by {@link ApiErrors}; either way the user gets one message and an exit code.
 */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    Warrenctl warrenctl;

    /** "list_queues --help", as "help list_queues". */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public final Integer call() {
        Session session = warrenctl.session();
        try {
            run(session);
        } catch (ApiStatusException e) {
            throw ApiErrors.explain(e, session.api());
        } finally {
            session.output().flush();
        }
        return ExitCodes.OK;
    }

    abstract void run(Session session);

    /**
     * A 404 for something in the {@code -p} vhost: the vhost itself may be what is missing, which
     * the API's bare "Not Found" does not say; one more request finds out.
     */
    static CliException notFoundInVhost(Session session, ApiStatusException e, String what) {
        if (!vhostExists(session)) {
            return noSuchVhost(session.vhost(), e);
        }
        return new CliException(ExitCodes.DATA_ERROR, what + " in vhost '" + session.vhost() + "' not found", e);
    }

    static CliException noSuchVhost(String vhost, Exception cause) {
        return new CliException(ExitCodes.DATA_ERROR, "Virtual host '" + vhost + "' does not exist", cause);
    }

    /**
     * Whether the {@code -p} vhost exists. A node that answers 404 to everything (no management
     * API there, or another service on that port) would make every vhost look missing, so that
     * case is told apart and reported as such.
     */
    static boolean vhostExists(Session session) {
        try {
            session.api().get("/api/vhosts/" + session.vhostSegment());
            return true;
        } catch (ApiStatusException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        try {
            session.api().get("/api/overview");
        } catch (ApiStatusException e) {
            if (e.status() == 404) {
                throw new CliException(ExitCodes.UNAVAILABLE, session.api().node() + " does not serve the management "
                        + "API: " + e.getMessage(), e);
            }
            throw e;
        }
        return false;
    }
}
