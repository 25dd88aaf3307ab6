package io.warren.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/warrenctl} as a process, the way an operator or a script does, and collects its
 * exit code and output. Each run gets a clean environment: no {@code WARREN_*} variables of the
 * caller, this JVM as {@code JAVA_HOME}.
 */
final class Warrenctl {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** One finished run. */
    record Result(List<String> command, int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n--- exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path script;
    private final Path workDir;
    private final List<String> globalArgs;
    private final Map<String, String> environment;

    private Warrenctl(Path script, Path workDir, List<String> globalArgs, Map<String, String> environment) {
        this.script = script;
        this.workDir = workDir;
        this.globalArgs = globalArgs;
        this.environment = environment;
    }

    /** Runs {@code script} with {@code --node nodeUrl} before every command. */
    static Warrenctl at(Path script, Path workDir, String nodeUrl) {
        return new Warrenctl(script, workDir, List.of("--node", nodeUrl), Map.of());
    }

    /** The same, with more environment variables. */
    Warrenctl withEnvironment(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(variables);
        return new Warrenctl(script, workDir, globalArgs, all);
    }

    /** The same without the {@code --node} option, for tests of the default and of other nodes. */
    Warrenctl withoutNode() {
        return new Warrenctl(script, workDir, List.of(), environment);
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code input} (may be null) on standard input. */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(globalArgs);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "warrenctl", ".out");
        Path err = Files.createTempFile(workDir, "warrenctl", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("WARREN"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running after " + RUN_TIMEOUT);
        }
        return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
