package io.herald.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Readiness polling: retry a probe until it answers or the deadline passes, keeping the last failure. */
final class Polling {

    // short: what is awaited (the broker, then the services) is on the stack's start path, and each try is cheap
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Polling() {}

    /**
     * Calls {@code probe} until it returns true. Before each try {@code alive} runs and may throw (e.g. the
     * process exited), which ends the wait at once.
     */
    static void until(String what, Instant deadline, Runnable alive, Callable<Boolean> probe) throws Exception {
        String lastProblem = "no answer yet";
        while (true) {
            alive.run();
            try {
                if (Boolean.TRUE.equals(probe.call())) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not ready in time (last: " + lastProblem + ")");
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
