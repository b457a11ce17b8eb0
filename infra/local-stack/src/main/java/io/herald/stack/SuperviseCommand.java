package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The detached JVM {@code herald up} leaves running: it owns the {@link LocalStack} (PostgreSQL, the sandbox, the child
 * processes), reports progress to {@code run/events.tsv}, keeps what runs where and each component's state in
 * {@code run/stack.properties}, restarts crashed components ({@link RestartPolicy#DEFAULT}), carries out
 * {@code herald restart} and {@code herald scale} ({@link ControlRequests}), and on SIGTERM ({@code herald down}) stops
 * everything in reverse order. Its own output, one line per crash and restart, is {@code logs/supervisor.log}.
 */
@Command(name = "supervise", hidden = true, description = "Run the stack in this JVM until SIGTERM (used by up).")
final class SuperviseCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        RunFiles files = new RunFiles(options.workDir());
        files.writeSupervisorPid(ProcessHandle.current().pid());
        ControlRequests requests = new ControlRequests(options.workDir());
        requests.clear();
        Instant begin = Instant.now();
        LocalStack stack;
        log("starting the stack in " + options.workDir());
        try {
            StackBuilder builder = options.applyTo(LocalStack.builder());
            // the demo channels (one per provider): the catalog's credentials reference these variables, the signer
            // resolves them, the sandbox serves the catalog with them
            builder.env(DemoCredentials.of(System::getenv, "http://127.0.0.1:" + builder.sandboxPort));
            stack = builder.databaseFromEnvironment()
                    .restartCrashed(RestartPolicy.DEFAULT)
                    .listener(new EventListener(files))
                    .build();
            stack.start();
        } catch (StackStartException e) {
            log(e.getMessage());
            files.deleteSupervisorPid();
            return 1;
        } catch (RuntimeException e) {
            // a bad option (unknown service or port name): the stack never started
            files.event("FAILED", "options", "", e.getMessage());
            log(e.toString());
            files.deleteSupervisorPid();
            return 2;
        }
        // until here a SIGTERM is handled by LocalStack's own shutdown hook
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.set(true);
                            log("SIGTERM: stopping the stack");
                            stack.close();
                            files.deleteState();
                            files.event("DOWN");
                            files.deleteSupervisorPid();
                            log("stopped");
                            stopped.countDown();
                        },
                        "herald-supervisor-shutdown"));
        Properties written = state(stack, begin);
        files.writeState(written);
        files.event("UP", Long.toString(Duration.between(begin, Instant.now()).toMillis()));
        log("the stack is up");
        try (AutoCloseable serving = requests.serve((request, progress) -> handle(stack, request, progress))) {
            keepStateCurrent(stack, begin, files, written, stopped, stopping);
        }
        return 0;
    }

    /** Rewrites {@code stack.properties} whenever a component's state, PID or restarts change, until SIGTERM. */
    private static void keepStateCurrent(
            LocalStack stack,
            Instant begin,
            RunFiles files,
            Properties written,
            CountDownLatch stopped,
            AtomicBoolean stopping)
            throws InterruptedException {
        Properties last = written;
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (stopping.get()) {
                continue;
            }
            Properties now = state(stack, begin);
            if (!now.equals(last)) {
                try {
                    files.writeState(now);
                    last = now;
                } catch (java.io.IOException e) {
                    log("cannot write " + files.state() + ": " + e.getMessage());
                }
            }
        }
    }

    /** One {@code herald restart} or {@code herald scale} request, as {@link ControlRequests} hands it over. */
    static int handle(LocalStack stack, Properties request, java.util.function.Consumer<String> progress)
            throws Exception {
        String command = request.getProperty("command", "");
        java.util.function.Consumer<String> logged = line -> {
            log(line);
            progress.accept(line);
        };
        switch (command) {
            case "restart" -> {
                String component = request.getProperty("component", "");
                log("restart of " + component + " requested");
                stack.restart(component, logged);
                return 0;
            }
            case "scale" -> {
                List<String> providers =
                        List.of(request.getProperty("providers", "").split(","));
                int instances = Integer.parseInt(request.getProperty("instances", "-1"));
                log("scale of the dispatchers for " + providers + " to " + instances + " requested");
                stack.scaleDispatchers(providers, instances, logged);
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown request '" + command + "'");
        }
    }

    /** What {@code status} and {@code up}'s summary read. */
    static Properties state(LocalStack stack, Instant begin) {
        Properties state = new Properties();
        state.setProperty("started", begin.toString());
        state.setProperty(
                "supervisor.pid", Long.toString(ProcessHandle.current().pid()));
        StringBuilder names = new StringBuilder();
        for (ComponentState component : stack.components()) {
            String name = component.name();
            names.append(names.isEmpty() ? "" : ",").append(name);
            state.setProperty(name + ".address", component.address());
            component.healthUrl().ifPresent(url -> state.setProperty(name + ".health", url));
            component.pid().ifPresent(pid -> state.setProperty(name + ".pid", Long.toString(pid)));
            if (component.pid().isEmpty() && name.equals("sandbox")) {
                state.setProperty(name + ".in-supervisor", "true");
            }
            component.log().ifPresent(log -> state.setProperty(name + ".log", log.toString()));
            state.setProperty(name + ".probe", probe(stack, name));
            state.setProperty(name + ".state", component.state());
            state.setProperty(name + ".restarts", Integer.toString(component.restarts()));
            component.lastRestart().ifPresent(at -> state.setProperty(name + ".last-restart", at.toString()));
            component.lastExit().ifPresent(exit -> state.setProperty(name + ".last-exit", exit));
            component.nextRestart().ifPresent(at -> state.setProperty(name + ".next-restart", at.toString()));
        }
        state.setProperty("components", names.toString());
        state.setProperty("kafka.bootstrap", stack.bootstrapServers());
        state.setProperty("registry.api", stack.registryUrl());
        state.setProperty("registry.base", stack.registryBaseUrl());
        state.setProperty("postgres.jdbc-url", stack.jdbcUrl());
        state.setProperty("postgres.user", stack.jdbcUser());
        state.setProperty("postgres.embedded", Boolean.toString(stack.embeddedDatabase()));
        state.setProperty("sandbox.url", stack.sandboxUrl());
        state.setProperty("channels.file", String.valueOf(stack.channelsFile()));
        state.setProperty("tokens.file", stack.tokensFile().toString()); // where they are, never what they are
        return state;
    }

    /** How {@code status} checks a component: {@code tcp:host:port} or an HTTP URL that answers 200 when ready. */
    private static String probe(LocalStack stack, String name) {
        return switch (name) {
            case "postgres" ->
                stack.embeddedDatabase() ? "tcp:127.0.0.1:" + stack.ports().get("postgres") : "external";
            case String kafka
            when kafka.equals("kafka") || kafka.startsWith("kafka-") ->
                "tcp:127.0.0.1:" + stack.ports().get(kafka);
            case "registry" -> "http://127.0.0.1:" + stack.ports().get("registry management") + "/health/ready";
            case "sandbox" -> stack.sandboxUrl() + "/_sandbox/requests";
            default ->
                stack.components().stream()
                        .filter(c -> c.name().equals(name))
                        .findFirst()
                        .flatMap(ComponentState::healthUrl)
                        .orElse("unknown");
        };
    }

    static void log(String message) {
        System.out.println(Instant.now() + " supervisor: " + message);
        System.out.flush();
    }

    /** Progress into {@code events.tsv} (for {@code up}) and into the supervisor's log. */
    private record EventListener(RunFiles files) implements StackListener {

        private static final StackListener CONSOLE = StackListener.printingTo(System.out);

        @Override
        public void starting(String component) {
            files.event("STARTING", component);
        }

        @Override
        public void ready(String component, String address, Duration took) {
            files.event("READY", component, Long.toString(took.toMillis()), address);
            CONSOLE.ready(component, address, took);
        }

        @Override
        public void failed(String component, Path log, String reason) {
            files.event("FAILED", component, log == null ? "" : log.toString(), reason);
            CONSOLE.failed(component, log, reason);
        }

        @Override
        public void stopped(String component, boolean killed) {
            files.event("STOPPED", component, Boolean.toString(killed));
            CONSOLE.stopped(component, killed);
        }

        @Override
        public void crashed(String component, String reason, Duration uptime, Duration restartIn) {
            log(ProgressLine.crashed(component, reason, uptime, restartIn));
        }

        @Override
        public void restarted(String component, long pid, int restarts, Duration took) {
            log(ProgressLine.restarted(component, pid, restarts, took));
        }

        @Override
        public void restartFailed(String component, String reason, Duration retryIn) {
            log(ProgressLine.restartFailed(component, reason, retryIn));
        }
    }
}
