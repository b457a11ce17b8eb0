package io.herald.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Progress of a {@link LocalStack} start and stop, one component at a time, and what the stack's watch sees afterwards
 * (crashes and restarts). The supervisor writes these to its event file and log for {@code herald up} to print; tests
 * print them to the console.
 */
public interface StackListener {

    StackListener NONE = new StackListener() {};

    default void starting(String component) {}

    default void ready(String component, String address, Duration took) {}

    /** @param log the component's log, or null when it has none (e.g. a busy port) */
    default void failed(String component, Path log, String reason) {}

    default void stopping(String component) {}

    default void stopped(String component, boolean killed) {}

    /**
     * A component died on its own.
     *
     * @param reason e.g. {@code killed by SIGKILL (exit code 137)}
     * @param uptime how long it had run
     * @param restartIn when it is restarted, or null when it stays down
     */
    default void crashed(String component, String reason, Duration uptime, Duration restartIn) {}

    /**
     * A component was started again and is ready.
     *
     * @param restarts how many times it has been restarted since the stack started, this one included
     * @param took from its launch until it was ready
     */
    default void restarted(String component, long pid, int restarts, Duration took) {}

    /** A restart did not bring it up; {@code retryIn} is when the next try runs, or null when none will. */
    default void restartFailed(String component, String reason, Duration retryIn) {}

    /** A service's AOT cache recorded by this stack ({@link AotTraining}), once it stopped: made, or why not. */
    default void aotCache(String service, String outcome) {}

    /** Prints the lines {@code herald up} shows, each once its outcome is known. */
    static StackListener printingTo(PrintStream out) {
        return new StackListener() {
            @Override
            public void ready(String component, String address, Duration took) {
                out.println(ProgressLine.starting(component) + ProgressLine.ready(address, took));
            }

            @Override
            public void failed(String component, Path log, String reason) {
                out.println(ProgressLine.starting(component) + ProgressLine.failed(log, reason));
            }

            @Override
            public void stopped(String component, boolean killed) {
                out.println(ProgressLine.name(component) + (killed ? "killed (did not stop in time)" : "stopped"));
            }

            @Override
            public void crashed(String component, String reason, Duration uptime, Duration restartIn) {
                out.println(ProgressLine.crashed(component, reason, uptime, restartIn));
            }

            @Override
            public void restarted(String component, long pid, int restarts, Duration took) {
                out.println(ProgressLine.restarted(component, pid, restarts, took));
            }

            @Override
            public void restartFailed(String component, String reason, Duration retryIn) {
                out.println(ProgressLine.restartFailed(component, reason, retryIn));
            }

            @Override
            public void aotCache(String service, String outcome) {
                out.println("AOT cache for " + service + ": " + outcome);
            }
        };
    }
}
