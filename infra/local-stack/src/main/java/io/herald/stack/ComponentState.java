package io.herald.stack;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One component's state, as {@code herald status} shows it.
 *
 * @param healthUrl where it answers 200 when ready, when that is an HTTP URL (a service's management port)
 * @param pid its process while it runs (none for the in-process sandbox)
 * @param running whether its process is alive right now
 * @param state {@code UP} (launched and not seen dead), {@code RESTARTING} (dead or being restarted; a restart is
 *     scheduled or under way), {@code DOWN} (dead, not restarted), {@code STOPPED} (stopped on purpose)
 * @param restarts how many times it was launched again since the stack started (after crashes or on request)
 * @param lastExit why it last ended, e.g. {@code killed by SIGKILL (exit code 137)}
 * @param nextRestart when the next scheduled restart runs, while one is scheduled
 */
public record ComponentState(
        String name,
        String address,
        Optional<String> healthUrl,
        OptionalLong pid,
        Optional<Path> log,
        boolean running,
        String state,
        int restarts,
        Optional<Instant> lastRestart,
        Optional<String> lastExit,
        Optional<Instant> nextRestart) {

    /** What {@code watchdog} knows of {@code component} right now. */
    static ComponentState of(Component component, Watchdog watchdog) {
        boolean running = component.isRunning();
        Optional<RestartTracker.Snapshot> watch = watchdog.snapshot(component.name());
        String state = watch.map(w -> w.state().name()).orElse(running ? "UP" : "DOWN");
        return new ComponentState(
                component.name(),
                component.address(),
                component.healthUrl(),
                running ? component.pid() : OptionalLong.empty(),
                component.log(),
                running,
                state,
                watch.map(RestartTracker.Snapshot::restarts).orElse(0),
                watch.flatMap(RestartTracker.Snapshot::lastRestart),
                watch.flatMap(RestartTracker.Snapshot::lastExit),
                watch.flatMap(RestartTracker.Snapshot::nextTry));
    }
}
