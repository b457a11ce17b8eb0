package io.herald.bench.chaos;

import io.herald.sandbox.Fault;
import io.herald.sandbox.ProviderSandbox;
import io.herald.stack.ComponentState;
import io.herald.stack.LocalStack;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One fault done to the running stack, as an operator or the machine would do it: {@link #inject()} starts it and says
 * what was done; {@link #end()} ends it and returns once it has: a kill when the supervisor has the component back up
 * (its restart is what is under test), a held fault when it was lifted. One nested class per kind of fault.
 */
abstract class Disruption {

    /** Starts the fault; returns what was done, e.g. {@code kill -9 signer (pid 4242)}. */
    abstract String inject() throws Exception;

    /** Ends the fault (a kill: awaits the restart); returns what was seen, e.g. {@code signer back up after 21.3 s}. */
    abstract String end() throws Exception;

    /** Undoes whatever is still in effect after a failure (a frozen PostgreSQL must not stay frozen). */
    void abandon() {}

    static Disruption of(FaultKind kind, LocalStack stack, ChaosSettings settings) {
        return switch (kind) {
            case KILL_INGEST, KILL_SIGNER, KILL_DISPATCHER, KILL_AUDIT, KILL_BROKER ->
                new Kill(stack, kind.component(), settings.restartWait());
            case POSTGRES_STOP -> new Freeze(stack, kind.component());
            case REGISTRY_DOWN -> new StopStart(stack, kind.component());
            case PROVIDER_503 ->
                new SandboxFault(
                        stack.sandbox(),
                        Fault.builder()
                                .provider("webhook")
                                .status(503)
                                .duration(settings.hold(kind))
                                .build(),
                        "the sandbox answers 503 to every webhook request");
            case PROVIDER_SLOW ->
                new SandboxFault(
                        stack.sandbox(),
                        Fault.builder()
                                .provider("webhook")
                                .delay(settings.slowDelay())
                                .duration(settings.hold(kind))
                                .build(),
                        "the sandbox answers every webhook request after " + seconds(settings.slowDelay()));
        };
    }

    /** {@code kill-*}: {@code kill -9} of the component's process, then the supervisor's restart. */
    static final class Kill extends Disruption {
        private final LocalStack stack;
        private final String component;
        private final Duration restartWait;
        private long killedPid;
        private int restartsBefore;
        private long killedAt;

        Kill(LocalStack stack, String component, Duration restartWait) {
            this.stack = stack;
            this.component = component;
            this.restartWait = restartWait;
        }

        @Override
        String inject() throws Exception {
            ComponentState state = Components.state(stack, component);
            killedPid = state.pid().orElseThrow(() -> new IllegalStateException(component + " has no process to kill"));
            restartsBefore = state.restarts();
            killedAt = System.nanoTime();
            Signals.send("-9", List.of(killedPid));
            return "kill -9 " + component + " (pid " + killedPid + ")";
        }

        @Override
        String end() throws Exception {
            long deadline = killedAt + restartWait.toNanos();
            while (System.nanoTime() < deadline) {
                ComponentState state = Components.state(stack, component);
                if (state.running()
                        && state.state().equals("UP")
                        && state.restarts() > restartsBefore
                        && state.pid().orElse(killedPid) != killedPid) {
                    return component + " restarted by the supervisor, ready "
                            + seconds(Duration.ofNanos(System.nanoTime() - killedAt)) + " after the kill (pid "
                            + state.pid().getAsLong() + ")";
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            throw new IllegalStateException(component + " was not back up " + seconds(restartWait) + " after the kill ("
                    + Components.state(stack, component).state() + ")");
        }
    }

    /**
     * {@code postgres-stop}: SIGSTOP of the postmaster and every backend, then SIGCONT. Connections hang instead of
     * being refused, the harder case for a client (a clean stop refuses them at once, as {@code registry-down} and
     * {@code kill-broker} show).
     */
    static final class Freeze extends Disruption {
        private final LocalStack stack;
        private final String component;
        private final List<Long> frozen = new ArrayList<>();

        Freeze(LocalStack stack, String component) {
            this.stack = stack;
            this.component = component;
        }

        @Override
        String inject() throws Exception {
            long pid = Components.state(stack, component)
                    .pid()
                    .orElseThrow(() -> new IllegalStateException(component + " has no process to freeze"));
            ProcessHandle root =
                    ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(component + " is not running"));
            // the parent first: a frozen postmaster forks no new backend while the others are being frozen
            frozen.add(pid);
            root.descendants().forEach(child -> frozen.add(child.pid()));
            Signals.send("-STOP", frozen);
            return "kill -STOP " + component + " (postmaster pid " + pid + " and " + (frozen.size() - 1) + " backends)";
        }

        @Override
        String end() throws Exception {
            Signals.send("-CONT", frozen);
            String done = "kill -CONT of the " + frozen.size() + " processes";
            frozen.clear();
            return done;
        }

        @Override
        void abandon() {
            if (!frozen.isEmpty()) {
                try {
                    Signals.send("-CONT", frozen);
                } catch (Exception e) {
                    System.err.println("Could not resume " + component + ": " + e);
                }
                frozen.clear();
            }
        }
    }

    /**
     * {@code registry-down}: stopped on purpose (SIGTERM; the supervisor leaves it down), then started again on its
     * storage, so the schema ids on Kafka still resolve.
     */
    static final class StopStart extends Disruption {
        private final LocalStack stack;
        private final String component;
        private boolean stopped;

        StopStart(LocalStack stack, String component) {
            this.stack = stack;
            this.component = component;
        }

        @Override
        String inject() {
            long pid = Components.state(stack, component).pid().orElse(-1);
            stack.stopComponent(component);
            stopped = true;
            return "stopped " + component + " (pid " + pid + ", SIGTERM)";
        }

        @Override
        String end() throws Exception {
            long start = System.nanoTime();
            stack.startComponent(component);
            stopped = false;
            return component + " started again, ready after " + seconds(Duration.ofNanos(System.nanoTime() - start));
        }

        @Override
        void abandon() {
            if (stopped) {
                try {
                    stack.startComponent(component);
                } catch (Exception e) {
                    System.err.println("Could not start " + component + " again: " + e);
                }
                stopped = false;
            }
        }
    }

    /**
     * {@code provider-503}, {@code provider-slow}: a fault the in-process sandbox plays on every Standard Webhooks
     * request: 503 in the provider's error shape, or its answer held back by the slow delay.
     */
    static final class SandboxFault extends Disruption {
        private final ProviderSandbox sandbox;
        private final Fault fault;
        private final String description;
        private String id;

        SandboxFault(ProviderSandbox sandbox, Fault fault, String description) {
            this.sandbox = sandbox;
            this.fault = fault;
            this.description = description;
        }

        @Override
        String inject() {
            id = sandbox.injectFault(fault);
            return description + " (fault " + id + ")";
        }

        @Override
        String end() {
            boolean active = sandbox.clearFault(id).isPresent();
            return "fault " + id + (active ? " cleared" : " had expired");
        }

        @Override
        void abandon() {
            sandbox.clearFaults();
        }
    }

    /** Signals sent with the {@code kill} command, as an operator would. */
    static final class Signals {
        private Signals() {}

        static void send(String signal, List<Long> pids) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("kill", signal));
            pids.forEach(pid -> command.add(Long.toString(pid)));
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }
    }

    /** A component's state by name. */
    static final class Components {
        private Components() {}

        static ComponentState state(LocalStack stack, String name) {
            return stack.components().stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the stack has no component " + name));
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
