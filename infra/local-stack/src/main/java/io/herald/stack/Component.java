package io.herald.stack;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One part of the local stack (PostgreSQL, the broker, the registry, the sandbox, a service): how to launch
 * it, how to tell it is ready, how to stop it, and, for those the supervisor restarts, how to launch it again.
 * {@link LocalStack} runs them in order.
 */
interface Component {

    /** Name shown to people and used for the log file: {@code postgres}, {@code kafka}, {@code ingest}. */
    String name();

    /** Launches the component on fresh data; returns without waiting for it to be ready. */
    void launch() throws Exception;

    /** Blocks until the component answers, or fails (naming why) when {@code deadline} passes or it dies. */
    void awaitReady(Instant deadline) throws Exception;

    /** Where it listens, as shown in the progress line: {@code 127.0.0.1:19092}. */
    String address();

    /** Where it answers 200 when ready, for {@code herald status}: a service's management port's health. */
    default Optional<String> healthUrl() {
        return Optional.empty();
    }

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

    /** Whether {@link #relaunch()} can start it again after it died or was stopped. */
    default boolean restartable() {
        return false;
    }

    /**
     * Launches it again after {@link #launch()}, exactly as then: the same command line, ports and environment, and
     * the data it had (the broker keeps its log directory and cluster id); returns without waiting for it to be ready.
     */
    default void relaunch() throws Exception {
        throw new UnsupportedOperationException(name() + " cannot be restarted");
    }

    /** Why it is not running, once it stopped: e.g. {@code killed by SIGKILL (exit code 137)}. */
    default String exitReason() {
        return "stopped";
    }
}
