package io.herald.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the stack's components once a second. One that died on its own is a crash: reported, and, when the stack
 * restarts crashed components ({@link RestartPolicy}), launched again with the same command line and data after its
 * back-off, then awaited until ready (a failed try is tried again later); one stopped on purpose is left alone. It also
 * runs {@code herald restart} requests. Each component's state and counters are in its {@link RestartTracker}.
 */
final class Watchdog implements AutoCloseable {

    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private record Watched(Component component, RestartTracker tracker) {}

    private final RestartPolicy policy;
    private final StackListener listener;
    private final Duration readyTimeout;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Set<Thread> restarting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "herald-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean started;
    private volatile boolean closed;

    /** @param policy how to restart crashed components, or null to only report them */
    Watchdog(RestartPolicy policy, StackListener listener, Duration readyTimeout) {
        this.policy = policy;
        this.listener = listener;
        this.readyTimeout = readyTimeout;
    }

    /** Watches a component launched now (replacing whatever was watched under its name). */
    void watch(Component component) {
        RestartPolicy its = component.restartable() ? policy : null;
        watched.put(component.name(), new Watched(component, new RestartTracker(its, Instant.now())));
    }

    void forget(String name) {
        watched.remove(name);
    }

    Optional<RestartTracker.Snapshot> snapshot(String name) {
        return Optional.ofNullable(watched.get(name)).map(w -> w.tracker().snapshot());
    }

    /** Before a stop on purpose: its exit is not a crash, and a restart scheduled for it is called off. */
    void stoppingOnPurpose(String name, String reason) {
        Optional.ofNullable(watched.get(name)).ifPresent(w -> w.tracker().stoppedOnPurpose(reason));
    }

    /** After a start on purpose of a component stopped on purpose: watched again. */
    void startedOnPurpose(String name) {
        Optional.ofNullable(watched.get(name)).ifPresent(w -> w.tracker().startedOnPurpose(Instant.now()));
    }

    /** Starts the checks (once the stack is up: a component that fails to start fails the start instead). */
    void start() {
        if (!started) {
            started = true;
            scheduler.scheduleWithFixedDelay(
                    this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (closed) {
            return;
        }
        for (Watched w : watched.values()) {
            try {
                if (w.tracker().state() != RestartTracker.State.UP
                        || w.component().isRunning()) {
                    continue;
                }
                String reason = w.component().exitReason();
                w.tracker().exited(Instant.now(), reason).ifPresent(crash -> {
                    Duration restartIn =
                            crash.restart().map(RestartTracker.Decision::delay).orElse(null);
                    listener.crashed(w.component().name(), reason, crash.uptime(), restartIn);
                    crash.restart().ifPresent(decision -> schedule(w, decision));
                });
            } catch (RuntimeException e) {
                // one component's trouble must not stop the watch over the others
                System.err.println("watching " + w.component().name() + " failed: " + e);
            }
        }
    }

    private void schedule(Watched w, RestartTracker.Decision decision) {
        if (!closed) {
            scheduler.schedule(
                    () -> inThreadOfItsOwn(w, decision.epoch()),
                    decision.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A restart waits for readiness for up to minutes: never on the thread that watches the others. */
    private void inThreadOfItsOwn(Watched w, long epoch) {
        Thread thread = new Thread(
                () -> {
                    try {
                        restart(w, epoch);
                    } finally {
                        restarting.remove(Thread.currentThread());
                    }
                },
                "herald-restart-" + w.component().name());
        thread.setDaemon(true);
        restarting.add(thread);
        if (closed) {
            restarting.remove(thread);
            return;
        }
        thread.start();
    }

    private void restart(Watched w, long epoch) {
        if (closed || !w.tracker().begin(epoch)) {
            return; // stopped on purpose, restarted on request, or the stack is closing
        }
        try {
            Instant launched = relaunch(w);
            w.component().awaitReady(launched.plus(readyTimeout));
            w.tracker().ready(epoch);
            listener.restarted(
                    w.component().name(),
                    w.component().pid().orElse(-1),
                    w.tracker().snapshot().restarts(),
                    Duration.between(launched, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stack is closing
        } catch (Exception e) {
            if (!closed) {
                failed(w, epoch, StackStartException.reason(e));
            }
        }
    }

    /**
     * The same launch again, unless the stack is closing; returns when it was launched. Holds the component's monitor,
     * which the stack's close takes to stop the component after closing this, so no restart outlives the stack.
     */
    private Instant relaunch(Watched w) throws Exception {
        synchronized (w.component()) {
            if (closed) {
                throw new InterruptedException("the stack is closing");
            }
            Instant now = Instant.now();
            w.component().relaunch();
            w.tracker().relaunched(now);
            return now;
        }
    }

    private void failed(Watched w, long epoch, String reason) {
        synchronized (w.component()) {
            w.component().stop(); // a half-started process must not hold its port against the next try
        }
        Optional<RestartTracker.Decision> next = w.tracker().failed(epoch, Instant.now(), reason);
        listener.restartFailed(
                w.component().name(),
                reason,
                next.map(RestartTracker.Decision::delay).orElse(null));
        next.ifPresent(decision -> schedule(w, decision));
    }

    /**
     * Restarts a component now, on request: SIGTERM (SIGKILL after its stop timeout), then the same launch as before,
     * awaited until ready. Each step is reported to {@code progress}. A restart only scheduled after a crash is
     * superseded; one under way makes this fail.
     *
     * @throws IllegalArgumentException when no such component is watched, or it cannot be restarted
     * @throws IllegalStateException when it is being restarted right now, or the stack is closing
     */
    void restartOnRequest(String name, Consumer<String> progress) throws Exception {
        Watched w = watched.get(name);
        if (w == null) {
            throw new IllegalArgumentException("no component '" + name + "'; known: "
                    + String.join(", ", new java.util.TreeSet<>(watched.keySet())) + " (broker is kafka)");
        }
        Component component = w.component();
        if (!component.restartable()) {
            throw new IllegalArgumentException(name + " cannot be restarted on its own"
                    + (name.equals("sandbox")
                            ? " (it runs inside the supervisor: ./herald down, then ./herald up)"
                            : ""));
        }
        if (closed) {
            throw new IllegalStateException("the stack is stopping");
        }
        long epoch = w.tracker()
                .beginOnRequest()
                .orElseThrow(
                        () -> new IllegalStateException(name + " is being restarted right now; see ./herald status"));
        try {
            if (component.isRunning()) {
                String pid =
                        component.pid().isPresent() ? "pid " + component.pid().getAsLong() : "in the supervisor";
                progress.accept("Stopping " + name + " (" + pid + "): SIGTERM, killed if it does not stop in time…");
                Instant stopping = Instant.now();
                boolean killed;
                synchronized (component) {
                    killed = component.stop();
                }
                String how = killed ? "did not stop in time and was killed" : "stopped";
                w.tracker().noteExit(how + " for a restart on request");
                progress.accept(
                        "  " + how + " after " + ProgressLine.seconds(Duration.between(stopping, Instant.now())));
            } else {
                progress.accept(name + " is not running (" + component.exitReason() + ")");
            }
            progress.accept("Starting " + name + " again with the same command line…");
            Instant launched = relaunch(w);
            progress.accept("  launched"
                    + (component.pid().isPresent() ? " (pid " + component.pid().getAsLong() + ")" : "")
                    + "; waiting until it is ready…");
            component.awaitReady(launched.plus(readyTimeout));
            w.tracker().ready(epoch);
            int restarts = w.tracker().snapshot().restarts();
            Duration took = Duration.between(launched, Instant.now());
            listener.restarted(name, component.pid().orElse(-1), restarts, took);
            progress.accept(name + " is ready at " + component.address() + " after " + ProgressLine.seconds(took)
                    + " (restart " + restarts + " since the stack started)");
        } catch (Exception e) {
            if (!closed) {
                failed(w, epoch, StackStartException.reason(e));
            }
            throw e;
        }
    }

    /** Stops watching and calls off every restart scheduled or under way (their threads are interrupted). */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        restarting.forEach(Thread::interrupt);
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
