package io.warren.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of {@code warren-server}, short of starting a broker (the distribution's tests do that). */
class WarrenServerTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        PrintWriter errWriter = new PrintWriter(err, true);
        return new CommandLine(new WarrenServer(environment, errWriter))
                .setOut(new PrintWriter(out, true))
                .setErr(errWriter)
                .execute(args);
    }

    @Test
    void versionPrintsTheStampedVersion() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("Warren " + BrokerVersion.get());
        assertThat(BrokerVersion.get()).isNotEqualTo("unknown").doesNotContain("${");
    }

    @Test
    void helpListsEveryFlagTheVariablesAndTheExitCodes() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "--data-dir=DIR", "--amqp-port=N",
                "--management-port=N", "--node-name=NAME", "--version", "WARREN_CONFIG", "WARREN_DATA_DIR",
                "WARREN_AMQP_PORT", "WARREN_MANAGEMENT_PORT", "WARREN_NODE_NAME", "Exit codes:");
    }

    @Test
    void anUnknownFlagIsAUsageErrorWithExitCode2() {
        assertThat(run(Map.of(), "--amqp-prot", "5672")).isEqualTo(2);
        assertThat(err.toString()).contains("'--amqp-prot'", "Possible solutions: --amqp-port");
    }

    @Test
    void aConfigurationErrorIsPrintedWithoutAStackTraceWithExitCode2(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("warren.conf"), "# test\nhearbeat = 30\n");

        assertThat(run(Map.of(), "--config", conf.toString())).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo("warren-server: configuration error: " + conf
                + ":2: unknown key 'hearbeat'; did you mean 'heartbeat'?");
    }

    @Test
    void aBadEnvironmentVariableIsAConfigurationError() {
        assertThat(run(Map.of("WARREN_AMQP_PORT", "x"))).isEqualTo(2);
        assertThat(err.toString()).contains("environment variable WARREN_AMQP_PORT");
    }
}
