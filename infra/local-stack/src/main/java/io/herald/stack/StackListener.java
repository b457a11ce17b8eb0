package io.herald.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Progress of a {@link LocalStack} start and stop, one component at a time. The supervisor writes these to
 * its event file for {@code herald up} to print; tests print them to the console.
 */
public interface StackListener {

    StackListener NONE = new StackListener() {};

    default void starting(String component) {}

    default void ready(String component, String address, Duration took) {}

    /** @param log the component's log, or null when it has none (e.g. a busy port) */
    default void failed(String component, Path log, String reason) {}

    default void stopping(String component) {}

    default void stopped(String component, boolean killed) {}

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
        };
    }
}
