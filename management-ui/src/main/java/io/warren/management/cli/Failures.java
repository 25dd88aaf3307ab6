package io.warren.management.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** How failures reach the user: one "Error: ..." message on standard error and rabbitmqctl's exit code. */
final class Failures {
    private Failures() {
    }

    /** A bad command line: what was wrong, then the usage of the command concerned; exit 64. */
    static final class Usage implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine command = e.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("Error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println();
            command.usage(err);
            return ExitCodes.USAGE;
        }
    }

    /** A command that failed while running: its message and exit code; a stack trace only for a bug. */
    static final class Execution implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
            PrintWriter err = command.getErr();
            if (e instanceof CliException failure) {
                err.println("Error: " + failure.getMessage());
                if (failure.exitCode() == ExitCodes.USAGE) {
                    err.println();
                    command.usage(err);
                }
                return failure.exitCode();
            }
            err.println("Error: warrenctl failed unexpectedly; this is a bug:");
            e.printStackTrace(err);
            return ExitCodes.SOFTWARE;
        }
    }
}
