package io.herald.stack;

import io.herald.sandbox.ProviderSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole Herald pipeline on one machine, without Docker: PostgreSQL, the Kafka broker, Apicurio Registry, the
 * provider sandbox (in this JVM) and the four services, started in that order ({@link StackStart}) and watched; the
 * one entry point for {@code herald up}'s supervisor, the benchmarks and the end-to-end tests. Writes only under its
 * work dir (default {@code <home>/.herald}): {@code logs/}, {@code run/*.pid}, data, {@code tokens.properties}.
 */
public final class LocalStack implements AutoCloseable {

    /** Marks the catalog content's sandbox URL, replaced by e.g. {@code http://127.0.0.1:18080}. */
    public static final String SANDBOX_URL_TOKEN = "{{sandbox}}";

    /** Environment variable holding this run's credential-sealing key (random per stack unless already set). */
    static final String SEALING_KEY_VARIABLE = "HERALD_SEALING_KEY";

    /** Environment variable holding this run's channel-secrets key, the signer's only (random per stack unless set). */
    static final String CHANNEL_SECRETS_KEY_VARIABLE = "HERALD_CHANNEL_SECRETS_KEY";

    /** The channel operator notices are delivered to ({@code config/channels.yml} seeds it on the sandbox). */
    static final String OPERATORS_CHANNEL = "herald-operators";

    private final StackParts parts;
    private final DispatcherScaling scaling;
    private final ComponentControl control;
    private Thread shutdownHook;
    private boolean startCalled;
    // close() may come from the shutdown hook while start() waits: it takes its own lock and interrupts start()
    private final Object closeLock = new Object();
    private boolean closeDone;

    LocalStack(StackBuilder options) {
        this.parts = new StackParts(options);
        this.scaling = new DispatcherScaling(parts);
        this.control = new ComponentControl(parts);
    }

    public static StackBuilder builder() {
        return new StackBuilder();
    }

    /**
     * The repository root: system property {@code herald.home} (the launcher script and Failsafe set it), else
     * the nearest directory up from the current one that holds {@code mvnw} and {@code infra/local-stack}.
     */
    public static Path heraldHome() {
        String property = System.getProperty("herald.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("infra/local-stack"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * Starts every component in order and waits until each is ready; then a {@link Watchdog} checks each one every
     * second (and, with {@link StackBuilder#restartCrashed}, restarts one that crashed).
     *
     * @throws StackStartException naming the component that failed and its log, after stopping the others
     */
    public synchronized LocalStack start() {
        if (startCalled) {
            throw new IllegalStateException("a LocalStack starts once; build a new one");
        }
        startCalled = true;
        shutdownHook = new Thread(this::close, "herald-local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        new StackStart(parts).run(this::close);
        return this;
    }

    /** The publisher token (PUBLISH, every tenant): {@code POST /v1/notifications} on ingest. */
    public String publishToken() {
        return parts.tokens.value(StackTokens.PUBLISHER);
    }

    /** The reader token (READ, every tenant): the audit API's queries. */
    public String readToken() {
        return parts.tokens.value(StackTokens.READER);
    }

    /** The operator token (OPERATOR, every tenant): replay, the signer's preview, {@code /actuator/*} but health. */
    public String operatorToken() {
        return parts.tokens.value(StackTokens.OPERATOR);
    }

    /** The token the dispatcher presents to the signer (SERVICE). */
    public String serviceToken() {
        return parts.tokens.value(StackTokens.DISPATCHER);
    }

    /** A token by name: one of the four above or one added by {@link StackBuilder#token}. */
    public String token(String name) {
        return parts.tokens.value(name);
    }

    /** Every token's value by name, e.g. for a sweep proving none was written anywhere. */
    public Map<String, String> tokens() {
        return parts.tokens.values();
    }

    /** {@code <work>/tokens.properties}: every token as {@code VARIABLE=value}, owner-only, written at start. */
    public Path tokensFile() {
        return parts.options.workDir.resolve(StackTokens.FILE);
    }

    /** Kafka bootstrap servers: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return running(parts.kafka).bootstrapServers();
    }

    /** Apicurio Registry core API: {@code http://127.0.0.1:<port>/apis/registry/v3}. */
    public String registryUrl() {
        return running(parts.registry).apiUrl();
    }

    /** Apicurio Registry root (Confluent-compatible API at {@code /apis/ccompat/v7}). */
    public String registryBaseUrl() {
        return running(parts.registry).baseUrl();
    }

    public String jdbcUrl() {
        return running(parts.postgres).jdbcUrl();
    }

    public String jdbcUser() {
        return running(parts.postgres).user();
    }

    public String jdbcPassword() {
        return running(parts.postgres).password();
    }

    public boolean embeddedDatabase() {
        return running(parts.postgres).isEmbedded();
    }

    /** The in-process provider sandbox: what it received, faults to inject. */
    public ProviderSandbox sandbox() {
        return running(parts.sandbox).sandbox();
    }

    /** The sandbox's base URL, {@code http://127.0.0.1:<port>}. */
    public String sandboxUrl() {
        return running(parts.sandbox).address();
    }

    /** The absolute channel catalog file the services read. */
    public Path channelsFile() {
        return parts.channelsFile;
    }

    /** {@code http://127.0.0.1:<port>} of a service (by {@link HeraldService#id()}, e.g. {@code "ingest"}). */
    public String httpUrl(String service) {
        return httpUrl(HeraldService.byName(service));
    }

    public String httpUrl(HeraldService service) {
        ServiceProcess process = parts.services.get(service);
        if (process != null) {
            return process.url();
        }
        Integer port = parts.ports.get(service.id());
        if (port == null) {
            throw new IllegalStateException(service.id() + " has no port in this stack");
        }
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>} of a service's actuator: health, liveness, readiness, the Prometheus scrape. */
    public String managementUrl(HeraldService service) {
        ServiceProcess process = parts.services.get(service);
        if (process != null) {
            return process.managementUrl();
        }
        Integer port = parts.ports.get(service.managementPortName());
        if (port == null) {
            throw new IllegalStateException(service.id() + " has no management port in this stack");
        }
        return "http://127.0.0.1:" + port;
    }

    public Path workDir() {
        return parts.options.workDir;
    }

    public Path home() {
        return parts.options.home;
    }

    /** A component's log file: {@code <work>/logs/<component>.log}. */
    public Path logFile(String component) {
        return parts.logDir.resolve(component + ".log");
    }

    /** Ports in use (or reserved) by name: postgres, kafka, kafka controller, registry, …, ingest, … */
    public Map<String, Integer> ports() {
        return Collections.unmodifiableMap(parts.ports);
    }

    /** Every component started (and not stopped for good by scaling down), in start order, with its state. */
    public List<ComponentState> components() {
        return parts.started.stream()
                .map(component -> ComponentState.of(component, parts.watchdog))
                .toList();
    }

    /**
     * Starts one more dispatcher named {@code name} (also its instance id, log and PID file name) for {@code
     * providers}, launched exactly like the stack's dispatcher, and waits until it is ready. Instances of the same
     * provider share its consumer group. Returns its base URL ({@code GET /v1/assignments} lists its partitions).
     */
    public synchronized String startDispatcherInstance(String name, List<String> providers, String... extraArgs) {
        return scaling.start(name, providers, List.of(extraArgs));
    }

    /**
     * Runs exactly {@code instances} extra dispatchers for a provider set, named {@code dispatcher-<set>-<i>} ({@code
     * <set>}: the providers sorted, joined by {@code +}): stops the surplus ones (never restarted), launches the missing
     * ones together and waits until each is ready. Returns each instance's base URL by name.
     */
    public synchronized Map<String, String> scaleDispatchers(
            List<String> providers, int instances, Consumer<String> progress) {
        return scaling.scale(providers, instances, progress);
    }

    /** Kills a dispatcher instance with SIGKILL, as a crash would. */
    public synchronized void killDispatcherInstance(String name) {
        scaling.kill(name);
    }

    /** Stops a dispatcher instance (SIGTERM: it leaves its group cleanly); it is not restarted. */
    public synchronized void stopDispatcherInstance(String name) {
        scaling.stop(name);
    }

    /** Base URLs of the extra dispatcher instances by name, running or not. */
    public Map<String, String> dispatcherInstances() {
        return scaling.urls();
    }

    /** Stops a service on purpose (SIGTERM, then SIGKILL after 30 s); its port stays reserved for {@link #startService}. */
    public synchronized void stopService(String name) {
        control.stopService(name);
    }

    /** Kills a service with SIGKILL, as a crash would (with restarts on, the watchdog restarts it). */
    public synchronized void killService(String name) {
        control.killService(name);
    }

    /** Starts a service stopped with {@link #stopService} (or never started) with the same command line; awaits it. */
    public synchronized void startService(String name) {
        control.startService(name);
    }

    /**
     * Stops any restartable component on purpose (a service, {@code kafka}/{@code broker}, {@code registry}, the
     * embedded {@code postgres}); the watchdog leaves it down until {@link #startComponent}.
     */
    public void stopComponent(String name) {
        synchronized (this) {
            control.stopComponent(name);
        }
    }

    /** Starts a component stopped with {@link #stopComponent} again (same command line, ports, data); awaits it. */
    public void startComponent(String name) throws Exception {
        control.startComponent(name);
    }

    /**
     * Restarts one component on request, as {@code herald restart} does: a graceful stop, then the same command line
     * on the same ports and data, awaited until ready; each step goes to {@code progress}. Names: a service id,
     * {@code kafka} (or {@code broker}), {@code registry}, {@code postgres} (embedded only), a dispatcher instance.
     *
     * @throws IllegalArgumentException for an unknown name or a component that cannot be restarted alone
     */
    public void restart(String component, Consumer<String> progress) throws Exception {
        control.restart(component, progress);
    }

    /** Stops everything that was started, in reverse order ({@link StackShutdown}); idempotent, also the shutdown hook. */
    @Override
    public void close() {
        parts.closed = true;
        parts.watchdog.close(); // before any stop: no restart may start what is being stopped
        Thread starting = parts.startingThread;
        if (starting != null && starting != Thread.currentThread()) {
            starting.interrupt();
        }
        synchronized (closeLock) {
            if (closeDone) {
                return;
            }
            closeDone = true;
            StackShutdown.stopAll(parts);
            if (Thread.currentThread() != shutdownHook) { // a JVM on its way out is not kept for it
                parts.aotTraining.createCaches(parts.listener());
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; nothing to undo
            }
        }
    }

    private <T extends Component> T running(T component) {
        if (component == null) {
            throw new IllegalStateException("the stack has not been started");
        }
        return component;
    }
}
