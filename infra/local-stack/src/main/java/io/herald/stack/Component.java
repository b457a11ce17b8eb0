package io.herald.stack;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One part of the local stack (PostgreSQL, the broker, the registry, the sandbox, a service): how to launch
 * it, how to tell it is ready, and how to stop it. {@link LocalStack} runs them in order.
 */
interface Component {

    /** Name shown to people and used for the log file: {@code postgres}, {@code kafka}, {@code ingest}. */
    String name();

    /** Launches the component; returns without waiting for it to be ready. */
    void launch() throws Exception;

    /** Blocks until the component answers, or fails (naming why) when {@code deadline} passes or it dies. */
    void awaitReady(Instant deadline) throws Exception;

    /** Where it listens, as shown in the progress line: {@code 127.0.0.1:19092}. */
    String address();

    /** Its log file, when it has one of its own. */
    Optional<Path> log();

    /** The PID of the process to watch, when it runs outside this JVM. */
    OptionalLong pid();

    boolean isRunning();

    /**
     * Stops it and waits until it is gone; safe to call when it never started or already stopped.
     *
     * @return true when it did not stop in time and had to be killed
     */
    boolean stop();
}
