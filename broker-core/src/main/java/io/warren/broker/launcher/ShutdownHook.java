package io.warren.broker.launcher;

import io.warren.broker.Broker;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when the JVM is asked to stop (SIGTERM, SIGINT): closes the broker, logs that it stopped,
 * and ends the process with exit code 0.
 *
 * <p>Why it halts: after a signal the JVM exits with 128 + the signal's number (143 for SIGTERM)
 * once the hooks are done, which service managers and scripts read as a failure. A stop that was
 * asked for and went cleanly is a success, so the hook ends the process itself with
 * {@link Runtime#halt}, the only way to choose the exit code from inside a shutdown hook.
 */
final class ShutdownHook implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ShutdownHook.class);

    private final Broker broker;
    private final IntConsumer halt;

    /** @param halt ends the process with an exit code; {@code Runtime.getRuntime()::halt} outside tests */
    ShutdownHook(Broker broker, IntConsumer halt) {
        this.broker = broker;
        this.halt = halt;
    }

    static void register(Broker broker) {
        Runtime.getRuntime().addShutdownHook(
                new Thread(new ShutdownHook(broker, Runtime.getRuntime()::halt), "warren-shutdown"));
    }

    @Override
    public void run() {
        log.info("Warren stopping");
        int exitCode = ExitCodes.OK;
        try {
            broker.close();
            log.info("Warren stopped");
        } catch (RuntimeException | Error e) {
            log.error("Warren did not stop cleanly: {}", StartupFailure.describe(e), e);
            exitCode = ExitCodes.STARTUP_FAILED;
        }
        System.out.flush();
        System.err.flush();
        halt.accept(exitCode);
    }
}
