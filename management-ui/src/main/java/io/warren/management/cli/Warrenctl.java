package io.warren.management.cli;

import io.warren.broker.BrokerVersion;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code warrenctl}: rabbitmqctl's sub-commands, spoken to a node's management HTTP API. The global
 * options are inherited, so that they may come before or after the sub-command, as with rabbitmqctl.
 */
@Command(name = "warrenctl", mixinStandardHelpOptions = true, versionProvider = Warrenctl.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Manages a Warren (or RabbitMQ) node through its management HTTP API, "
                + "with rabbitmqctl's commands and columns.",
        subcommands = {
            CommandLine.HelpCommand.class,
            NodeCommands.Status.class,
            NodeCommands.ClusterStatus.class,
            NodeCommands.AwaitStartup.class,
            ListCommands.ListQueues.class,
            ListCommands.ListExchanges.class,
            ListCommands.ListBindings.class,
            ListCommands.ListConnections.class,
            ListCommands.ListChannels.class,
            ListCommands.ListConsumers.class,
            ListCommands.ListUsers.class,
            ListCommands.ListVhosts.class,
            ListCommands.ListPermissions.class,
            ListCommands.ListUserPermissions.class,
            ListCommands.ListPolicies.class,
            UserCommands.AddUser.class,
            UserCommands.DeleteUser.class,
            UserCommands.ChangePassword.class,
            UserCommands.SetUserTags.class,
            VhostCommands.AddVhost.class,
            VhostCommands.DeleteVhost.class,
            PermissionCommands.SetPermissions.class,
            PermissionCommands.ClearPermissions.class,
            PolicyCommands.SetPolicy.class,
            PolicyCommands.ClearPolicy.class,
            QueueCommands.PurgeQueue.class,
            QueueCommands.DeleteQueue.class,
            ConnectionCommands.CloseConnection.class,
            DefinitionCommands.ExportDefinitions.class,
            DefinitionCommands.ImportDefinitions.class,
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  WARREN_USERNAME   like --username (default guest)",
            "  WARREN_PASSWORD   like --password (default guest)"},
        exitCodeListHeading = "%nExit codes (rabbitmqctl's):%n",
        exitCodeList = {
            " 0:success",
            "64:bad command line (unknown command, option or column, missing argument)",
            "65:bad data: no such queue, vhost, policy or connection; a value the node refused",
            "67:no such user",
            "69:the node is unreachable at --node",
            "70:the node answered something unexpected; add_user of an existing user",
            "75:timed out",
            "77:bad credentials, or the user may not do this"})
public final class Warrenctl {
    static final String DEFAULT_NODE = "http://localhost:15672";
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    @Option(names = {"-n", "--node"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = DEFAULT_NODE, description = "The node's management API (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--username", paramLabel = "USER", scope = ScopeType.INHERIT,
            defaultValue = "${env:WARREN_USERNAME:-guest}",
            description = "User to authenticate as (default: $WARREN_USERNAME, else guest).")
    String username;

    @Option(names = "--password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT,
            defaultValue = "${env:WARREN_PASSWORD:-guest}",
            description = "Password (default: $WARREN_PASSWORD, else guest). Prefer the variable: "
                    + "a flag is visible to other users in the process list.")
    String password;

    @Option(names = {"-p", "--vhost"}, paramLabel = "VHOST", scope = ScopeType.INHERIT, defaultValue = "/",
            description = "Virtual host (default: ${DEFAULT-VALUE}).")
    String vhost;

    @Option(names = "--formatter", paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "table",
            description = "Output: table (tab-separated, the default) or json.")
    Formatter formatter;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Leave out informational lines such as 'Listing queues for vhost / ...'.")
    boolean quiet;

    @Option(names = {"-s", "--silent"}, scope = ScopeType.INHERIT,
            description = "Like --quiet, and no column header row either.")
    boolean silent;

    @Option(names = "--no-table-headers", scope = ScopeType.INHERIT,
            description = "Leave out the column header row of list commands.")
    boolean noTableHeaders;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "How long a request may take (default: 60); for await_startup, how long to "
                    + "wait for the node (default: 300).")
    Integer timeoutSeconds;

    private final PrintStream out;

    Warrenctl(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line; the exit code is returned, not used, so that tests can call this. */
    static int run(String[] args, PrintStream out, PrintWriter err) {
        CommandLine commandLine = commandLine(out, err);
        if (args.length == 0) {
            commandLine.usage(err);
            return ExitCodes.USAGE;
        }
        return commandLine.execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Warrenctl(out));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new Failures.Usage());
        commandLine.setExecutionExceptionHandler(new Failures.Execution());
        return commandLine;
    }

    /** What the sub-commands need, made from the global options once they are all parsed. */
    Session session() {
        Duration timeout = Duration.ofSeconds(timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds);
        boolean hideInfo = quiet || silent;
        Output output = new Output(out, formatter, hideInfo, !(silent || noTableHeaders));
        return new Session(new ManagementClient(node, username, password, timeout), output, vhost,
                timeoutSeconds);
    }

    /** {@code --version}: Warren's version, stamped by Maven into broker-core. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"warrenctl (Warren " + BrokerVersion.get() + ")"};
        }
    }
}
