package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.testing.BrokerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Python's pika against Warren: publish/consume, confirms and returns, field tables with every type
 * pika sends, the headers exchange, bodies of several MiB split across frames, and a channel error.
 * The checks live in {@code src/test/python/pika_interop.py}; pika comes from Debian's
 * {@code python3-pika}, which {@code .ci/run} installs.
 */
class PikaInteropIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void pikaClientPassesEveryCheck() throws Exception {
        Path script = Path.of("src/test/python/pika_interop.py").toAbsolutePath();
        Path output = Files.createTempFile("pika-interop", ".log");
        Process process = new ProcessBuilder(python(), script.toString(), String.valueOf(broker.port()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        assertThat(finished).as("pika checks finished in time:\n%s", log).isTrue();
        assertThat(process.exitValue()).as("pika checks exit code:\n%s", log).isZero();
        assertThat(log).contains("ALL PIKA CHECKS PASSED");
    }

    /** Debian's python3-pika belongs to the system interpreter, which a pyenv shim may hide. */
    private static String python() {
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }
}
