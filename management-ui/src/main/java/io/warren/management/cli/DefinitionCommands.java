package io.warren.management.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Definitions (users, vhosts, permissions, policies, queues, exchanges, bindings) in RabbitMQ's
 * JSON format, from and to a file or standard input/output ({@code -}).
 */
final class DefinitionCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionCommands() {
    }

    @Command(name = "export_definitions",
            description = "Writes the node's definitions as JSON to a file, or to standard output with -.")
    static final class ExportDefinitions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PATH|-")
        String target;

        @Override
        void run(Session session) {
            boolean toStdout = "-".equals(target);
            if (!toStdout) {
                session.output().info("Exporting definitions in JSON to a file at \"" + target + "\" ...");
            }
            JsonNode definitions = session.api().get("/api/definitions");
            if (definitions == null || !definitions.isObject()) {
                throw new CliException(ExitCodes.SOFTWARE, "the node's /api/definitions did not answer a JSON object");
            }
            // One line, as rabbitmqctl writes it; the import takes any layout.
            String text = Output.compact(definitions);
            if (toStdout) {
                session.output().line(text);
                return;
            }
            try {
                Files.writeString(Path.of(target), text + "\n");
            } catch (IOException e) {
                throw new CliException(ExitCodes.DATA_ERROR, "cannot write " + target + ": " + describe(e), e);
            }
        }
    }

    @Command(name = "import_definitions",
            description = "Imports definitions in RabbitMQ's JSON format from a file, or from standard input with -.")
    static final class ImportDefinitions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PATH|-")
        String source;

        @Override
        void run(Session session) {
            boolean fromStdin = "-".equals(source);
            session.output().info(fromStdin ? "Importing definitions in JSON from standard input ..."
                    : "Importing definitions in JSON from a file at \"" + source + "\" ...");
            byte[] content;
            try {
                content = fromStdin ? System.in.readAllBytes() : Files.readAllBytes(Path.of(source));
            } catch (IOException e) {
                throw new CliException(ExitCodes.DATA_ERROR, "cannot read " + (fromStdin ? "standard input" : source)
                        + ": " + describe(e), e);
            }
            // A file that is not JSON is the operator's to fix; say so before the node gets it.
            try {
                JsonNode parsed = JSON.readTree(content);
                if (parsed == null || !parsed.isObject()) {
                    throw new CliException(ExitCodes.DATA_ERROR, (fromStdin ? "standard input" : source)
                            + " does not hold a JSON object of definitions");
                }
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.DATA_ERROR, (fromStdin ? "standard input" : source)
                        + " is not valid JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
            } catch (IOException e) {
                throw new CliException(ExitCodes.DATA_ERROR, "cannot read " + source + ": " + describe(e), e);
            }
            try {
                session.api().post("/api/definitions", content);
            } catch (ApiStatusException e) {
                if (e.status() == 400) {
                    throw new CliException(ExitCodes.DATA_ERROR, "the node refused the definitions: "
                            + e.reasonOrStatus(), e);
                }
                throw e;
            }
            session.output().info("Successfully imported definitions");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
