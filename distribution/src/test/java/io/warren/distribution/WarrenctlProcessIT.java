package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/warrenctl} against the real {@code bin/warren-server} of the layout: one broker for
 * the class (each test uses its own names), plus the tests only Warren can take part in: a node
 * that starts while {@code await_startup} waits, and the repository's {@code bin/warrenctl}.
 */
class WarrenctlProcessIT extends WarrenctlScenarios {
    private static final Path SERVER = LAYOUT.resolve("bin/warren-server");
    private static final Path REPOSITORY = Path.of(System.getProperty("warren.repository", "..")).normalize();
    private static final Pattern READY = Pattern.compile("Warren (\\S+) ready: amqp=(\\d+) management=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path brokerDir;

    private static WarrenProcess warren;
    private static int amqpPort;
    private static int managementPort;

    @BeforeAll
    static void startWarren() throws Exception {
        warren = WarrenProcess.start(SERVER, brokerDir, Map.of(), "--amqp-port", "0", "--management-port", "0",
                "--data-dir", brokerDir.resolve("data").toString());
        Matcher ready = warren.awaitStdout(READY, START_TIMEOUT);
        amqpPort = Integer.parseInt(ready.group(2));
        managementPort = Integer.parseInt(ready.group(3));
    }

    @AfterAll
    static void stopWarren() throws Exception {
        if (warren != null) {
            warren.terminate(Duration.ofSeconds(20));
            warren.close();
        }
    }

    @Override
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Override
    int amqpPort() {
        return amqpPort;
    }

    @Test
    void awaitStartupWaitsForANodeThatStartsLaterAndReturnsOnceItServes() throws Exception {
        int port = freePort();
        Warrenctl ctl = Warrenctl.at(SCRIPT, dir, "http://127.0.0.1:" + port);
        CompletableFuture<Warrenctl.Result> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ctl.run("await_startup", "--timeout", "50");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        assertThat(waiting).as("await_startup returned before any node was there").isNotDone();

        try (WarrenProcess late = WarrenProcess.start(SERVER, dir, Map.of(), "--amqp-port", "0",
                "--management-port", String.valueOf(port), "--data-dir", dir.resolve("late").toString())) {
            late.awaitStdout(READY, START_TIMEOUT);
            Warrenctl.Result result = waiting.get(30, TimeUnit.SECONDS);
            assertOk(result);
            late.terminate(Duration.ofSeconds(20));
        }
    }

    @Test
    void awaitStartupGivesUpWithExitCode75AfterItsTimeout() throws Exception {
        String url = "http://127.0.0.1:" + freePort();
        long started = System.nanoTime();

        Warrenctl.Result result = Warrenctl.at(SCRIPT, dir, url).run("await_startup", "--timeout", "2");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(75);
        assertThat(result.err()).startsWith("Error: the node at " + url + " did not start within 2 s; last attempt: "
                + "unable to connect to " + url);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theRepositorysWrapperRunsTheLayoutsWarrenctl() throws Exception {
        Warrenctl wrapper = Warrenctl.at(REPOSITORY.resolve("bin/warrenctl"), dir, managementUrl())
                .withEnvironment(Map.of("WARREN_SKIP_BUILD", "1"));

        Warrenctl.Result version = wrapper.withoutNode().run("--version");
        assertOk(version);
        assertThat(version.out()).startsWith("warrenctl (Warren ");

        Warrenctl.Result vhosts = wrapper.run("list_vhosts", "-q");
        assertOk(vhosts);
        assertThat(vhosts.lines()).startsWith("name").contains("/");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
