package io.warren.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code warren-server} started as a real process. Its standard output and error are read line by
 * line on their own threads, so the process never blocks on a full pipe and a test can wait for a
 * line with a deadline.
 */
final class WarrenProcess implements AutoCloseable {
    private final Process process;
    private final Lines stdout;
    private final Lines stderr;

    private WarrenProcess(Process process) {
        this.process = process;
        this.stdout = new Lines(process.getInputStream(), "stdout");
        this.stderr = new Lines(process.getErrorStream(), "stderr");
    }

    /**
     * Runs {@code script} with {@code args} in {@code workDir}, without the caller's {@code WARREN_*}
     * variables, with this JVM as {@code JAVA_HOME}, a small heap, and {@code environment} added.
     */
    static WarrenProcess start(Path script, Path workDir, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("WARREN_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("WARREN_JAVA_OPTS", "-Xms64m -Xmx256m");
        builder.environment().putAll(environment);
        return new WarrenProcess(builder.start());
    }

    /**
     * Waits for a standard-output line matching {@code pattern}; fails, showing the output so far, at
     * the deadline or as soon as the process has ended without printing one.
     */
    Matcher awaitStdout(Pattern pattern, Duration timeout) throws InterruptedException {
        Matcher found = stdout.await(pattern, System.nanoTime() + timeout.toNanos());
        if (found == null) {
            throw new AssertionError("no line matching /" + pattern + "/ within " + timeout + " ("
                    + (process.isAlive() ? "still running" : "exited with " + process.exitValue()) + ")\n"
                    + output());
        }
        return found;
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        // ProcessHandle.destroy sends SIGTERM like Process.destroy, but Process.destroy also closes
        // our ends of the pipes, losing what the process logs while it shuts down.
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /**
     * Sends SIGKILL (what {@code destroyForcibly} sends on Linux): the broker gets no chance to write,
     * flush or close anything. Waits for the exit code, 137 on Linux.
     */
    int kill(Duration timeout) throws InterruptedException {
        // Through the handle, like terminate: the pipes stay open for what was printed before the kill.
        process.toHandle().destroyForcibly();
        return awaitExit(timeout);
    }

    /** Waits for the process to end and for the last of its output to be read; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "\n" + output());
        }
        stdout.awaitEnd();
        stderr.awaitEnd();
        return process.exitValue();
    }

    List<String> stdout() {
        return stdout.snapshot();
    }

    List<String> stderr() {
        return stderr.snapshot();
    }

    String output() {
        return "--- stdout\n" + String.join("\n", stdout.snapshot())
                + "\n--- stderr\n" + String.join("\n", stderr.snapshot());
    }

    /** Kills the process if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The lines of one output stream, collected by a daemon thread until end of stream. */
    private static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;
        private boolean ended;

        Lines(InputStream stream, String name) {
            reader = new Thread(() -> read(stream), "warren-process-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream stream) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // The stream closed under us: what was read is all there is.
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** The first line matching {@code pattern}, or null once the deadline passes or the stream ends. */
        synchronized Matcher await(Pattern pattern, long deadlineNanos) throws InterruptedException {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    Matcher m = pattern.matcher(lines.get(checked));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadlineNanos - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        void awaitEnd() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        synchronized List<String> snapshot() {
            return List.copyOf(lines);
        }
    }
}
