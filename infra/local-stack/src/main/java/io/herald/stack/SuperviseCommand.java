package io.herald.stack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The detached JVM {@code herald up} leaves running: it owns the {@link LocalStack} (PostgreSQL, the sandbox,
 * the child processes), reports progress to {@code run/events.tsv}, records what runs where in
 * {@code run/stack.properties}, and on SIGTERM ({@code herald down}) stops everything in reverse order.
 * Its own output is {@code logs/supervisor.log}.
 */
@Command(name = "supervise", hidden = true, description = "Run the stack in this JVM until SIGTERM (used by up).")
final class SuperviseCommand implements Callable<Integer> {

    static final String TOKEN_VARIABLE = "HERALD_DEMO_DINGTALK_TOKEN";
    static final String SECRET_VARIABLE = "HERALD_DEMO_DINGTALK_SECRET";

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        RunFiles files = new RunFiles(options.workDir());
        files.writeSupervisorPid(ProcessHandle.current().pid());
        Instant begin = Instant.now();
        Map<String, String> env = System.getenv();
        // the demo robot: the catalog's credentials reference these variables; the sandbox accepts the same
        String token = env.getOrDefault(TOKEN_VARIABLE, randomHex(32));
        String secret = env.getOrDefault(SECRET_VARIABLE, "SEC" + randomHex(32));

        LocalStack stack;
        log("starting the stack in " + options.workDir());
        try {
            stack = options.applyTo(LocalStack.builder())
                    .databaseFromEnvironment()
                    .sandboxRobot(token, secret)
                    .env(TOKEN_VARIABLE, token)
                    .env(SECRET_VARIABLE, secret)
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            log("SIGTERM: stopping the stack");
            stack.close();
            files.deleteState();
            files.event("DOWN");
            files.deleteSupervisorPid();
            log("stopped");
            stopped.countDown();
        }, "herald-supervisor-shutdown"));
        files.writeState(state(stack, begin));
        files.event("UP", Long.toString(Duration.between(begin, Instant.now()).toMillis()));
        log("the stack is up");
        watch(stack, stopped, stopping);
        return 0;
    }

    /** Notes in the log when a component dies on its own, then waits for SIGTERM. */
    private static void watch(LocalStack stack, CountDownLatch stopped, AtomicBoolean stopping)
            throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (!stopped.await(5, TimeUnit.SECONDS)) {
            for (LocalStack.ComponentState component : stack.components()) {
                if (!stopping.get() && !component.running() && reported.add(component.name())) {
                    log(component.name() + " is no longer running"
                            + component.log().map(l -> " — see " + ProgressLine.display(l)).orElse(""));
                }
            }
        }
    }

    /** What {@code status} and {@code up}'s summary read. */
    static Properties state(LocalStack stack, Instant begin) {
        Properties state = new Properties();
        state.setProperty("started", begin.toString());
        state.setProperty("supervisor.pid", Long.toString(ProcessHandle.current().pid()));
        StringBuilder names = new StringBuilder();
        for (LocalStack.ComponentState component : stack.components()) {
            String name = component.name();
            names.append(names.isEmpty() ? "" : ",").append(name);
            state.setProperty(name + ".address", component.address());
            component.pid().ifPresent(pid -> state.setProperty(name + ".pid", Long.toString(pid)));
            component.log().ifPresent(log -> state.setProperty(name + ".log", log.toString()));
            state.setProperty(name + ".probe", probe(stack, name));
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
        return state;
    }

    /** How {@code status} checks a component: {@code tcp:host:port} or an HTTP URL that answers 200 when ready. */
    private static String probe(LocalStack stack, String name) {
        return switch (name) {
            case "postgres" -> stack.embeddedDatabase() ? "tcp:127.0.0.1:" + stack.ports().get("postgres") : "external";
            case "kafka" -> "tcp:" + stack.bootstrapServers();
            case "registry" -> "http://127.0.0.1:" + stack.ports().get("registry management") + "/health/ready";
            case "sandbox" -> stack.sandboxUrl() + "/_sandbox/requests";
            default -> stack.httpUrl(name) + "/actuator/health";
        };
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
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
    }
}
