package io.herald.stack;

import io.herald.sandbox.ProviderSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The whole Herald pipeline on one machine, without Docker: PostgreSQL (embedded, or external), the Kafka
 * broker (KRaft, child JVM), Apicurio Registry (child JVM), the provider sandbox (in this JVM) and the four
 * services (child JVMs), started in that order and each awaited until ready. {@code herald up}'s supervisor
 * and the end-to-end tests both run the stack through this class.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().freePorts().withoutServices().build().start()) {
 *     stack.bootstrapServers(); stack.registryUrl(); stack.jdbcUrl(); stack.sandbox();
 * }
 * }</pre>
 *
 * <p>Everything it writes goes under the work dir (default {@code <herald.home>/.herald}): {@code logs/<component>.log},
 * {@code run/<component>.pid}, {@code kafka/} (fresh each start), {@code registry/}, {@code postgres/data}
 * (fresh each start), {@code tokens.properties} (the bearer tokens of this run, owner-only; see {@link #tokensFile()}).
 * A start that fails stops whatever it had started and throws {@link StackStartException} naming the component and its
 * log; {@link #close()} (also run by a JVM shutdown hook) stops everything in
 * reverse order, by PID.
 *
 * <p>Once started, a {@link Watchdog} checks every component each second: a crash is reported to the listener and,
 * with {@link Builder#restartCrashed(RestartPolicy)} (what {@code herald up}'s supervisor uses), the component is
 * launched again with the same command line, ports and data after a back-off delay. {@link #restart} does the same on
 * request, and {@link #components()} shows each one's state and restarts.
 */
public final class LocalStack implements AutoCloseable {

    /** Marks the catalog content's sandbox URL, replaced by e.g. {@code http://127.0.0.1:18080}. */
    public static final String SANDBOX_URL_TOKEN = "{{sandbox}}";

    /** Environment variable holding this run's credential-sealing key (random per stack unless already set). */
    static final String SEALING_KEY_VARIABLE = "HERALD_SEALING_KEY";

    private final String sealingKey = randomSealingKey();

    /** The bearer tokens of this run: the four every stack has, and any the builder added. */
    private final StackTokens tokens;

    private final Builder options;
    private final Path runDir;
    private final Path logDir;
    private final List<String> jvmMarker;
    private final List<Component> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<HeraldService, ServiceProcess> services = new EnumMap<>(HeraldService.class);
    private final Watchdog watchdog;
    private Map<String, Integer> ports = Map.of();
    private PostgresDatabase postgres;
    private KafkaBroker kafka;
    private SchemaRegistry registry;
    private SandboxComponent sandbox;
    private Path channelsFile;
    private Thread shutdownHook;
    private boolean startCalled;
    // close() may come from another thread (the shutdown hook) while start() waits for a component: it must
    // not wait for start() to finish, so it takes its own lock and interrupts the starting thread
    private final Object closeLock = new Object();
    private volatile boolean closed;
    private boolean closeDone;
    private volatile Thread startingThread;

    private LocalStack(Builder options) {
        this.options = options;
        this.runDir = options.workDir.resolve("run");
        this.logDir = options.workDir.resolve("logs");
        // every child JVM carries this, so `ps` (and `herald down`) can tell which processes are ours
        this.jvmMarker = List.of("-Dherald.stack=" + options.workDir);
        this.watchdog = new Watchdog(options.restartPolicy, options.listener, options.readyTimeout);
        this.tokens = new StackTokens(options.tokens.values(),
                name -> options.env.containsKey(name) ? options.env.get(name) : System.getenv(name));
    }

    public static Builder builder() {
        return new Builder();
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

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts every component in order and waits until each is ready.
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
        startingThread = Thread.currentThread();
        String current = "ports";
        try {
            ports = resolvePorts();
            checkChannelCatalog();
            Files.createDirectories(logDir);
            Files.createDirectories(runDir);
            tokens.write(tokensFile());
            Files.deleteIfExists(options.workDir.resolve("audit-tokens.properties")); // what it replaces, with old values

            postgres = options.externalDatabase != null
                    ? PostgresDatabase.external(options.externalDatabase)
                    : PostgresDatabase.embedded(options.workDir.resolve("postgres/data"), logDir.resolve("postgres.log"),
                            runDir, ports.get("postgres"));
            kafka = new KafkaBroker(options.workDir.resolve("kafka"), logDir.resolve("kafka.log"), runDir,
                    ports.get("kafka"), ports.get("kafka controller"), options.kafkaClasspath, jvmMarker);
            registry = new SchemaRegistry(options.registryDistribution, options.workDir.resolve("registry"),
                    logDir.resolve("registry.log"), runDir, ports.get("registry"), ports.get("registry management"),
                    jvmMarker);
            sandbox = new SandboxComponent(ports.get("sandbox"), options.sandboxRobots, options.sandboxMaxRecords);

            // PostgreSQL, Kafka and the registry need nothing of each other: launch them together, await in order
            Map<Component, Instant> infrastructure = new LinkedHashMap<>();
            for (Component component : List.of(postgres, kafka, registry, sandbox)) {
                current = component.name();
                started.add(component);
                infrastructure.put(component, Instant.now());
                component.launch();
                watchdog.watch(component);
                abortIfClosed(component);
            }
            for (Map.Entry<Component, Instant> entry : infrastructure.entrySet()) {
                current = entry.getKey().name();
                options.listener.starting(current);
                entry.getKey().awaitReady(entry.getValue().plus(options.readyTimeout));
                options.listener.ready(current, entry.getKey().address(), Duration.between(entry.getValue(), Instant.now()));
            }
            current = "channels";
            channelsFile = writeChannelCatalog();
            // the sandbox answers for every provider of the catalog, with the credentials the services will use
            sandbox.serve(channelsFile, name -> options.env.containsKey(name) ? options.env.get(name) : System.getenv(name));

            // Spring Boot start-up is mostly CPU: launching the services together and awaiting them in order
            // is faster than one after the other, and the progress still reads in order.
            Map<ServiceProcess, Instant> launched = new LinkedHashMap<>();
            for (HeraldService service : options.services) {
                current = service.id();
                ServiceProcess process = newServiceProcess(service);
                services.put(service, process);
                started.add(process);
                launched.put(process, Instant.now());
                process.launch();
                watchdog.watch(process);
                abortIfClosed(process);
            }
            for (Map.Entry<ServiceProcess, Instant> entry : launched.entrySet()) {
                current = entry.getKey().name();
                options.listener.starting(current);
                entry.getKey().awaitReady(Instant.now().plus(options.readyTimeout));
                options.listener.ready(current, entry.getKey().address(),
                        Duration.between(entry.getValue(), Instant.now()));
            }
            watchdog.start();
            return this;
        } catch (Exception e) {
            // stop what started without cutting the stops short: an interrupt is what brought us here
            boolean interrupted = Thread.interrupted();
            Path log = logOf(current);
            String reason = closed ? "the stack was stopped while starting" : reason(e);
            options.listener.failed(current, log, reason);
            close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new StackStartException(current, log, reason, e);
        } finally {
            startingThread = null;
        }
    }

    /** A close() that came while {@code component} was launching may have missed it: stop it here. */
    private void abortIfClosed(Component component) throws InterruptedException {
        if (closed) {
            component.stop();
            throw new InterruptedException("the stack was closed while starting");
        }
    }

    /** The ports to check and claim, in start order; a service not started now only reserves its port. */
    private Map<String, Integer> resolvePorts() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        Map<String, Integer> reservedOnly = new LinkedHashMap<>();
        if (options.externalDatabase == null) {
            wanted.put("postgres", options.postgresPort);
        }
        wanted.put("kafka", options.kafkaPort);
        wanted.put("kafka controller", options.kafkaControllerPort);
        wanted.put("registry", options.registryPort);
        wanted.put("registry management", options.registryManagementPort);
        wanted.put("sandbox", options.sandboxPort);
        for (HeraldService service : HeraldService.values()) {
            int port = options.servicePorts.get(service);
            if (options.services.contains(service) || port == 0) {
                wanted.put(service.id(), port);
            } else {
                reservedOnly.put(service.id(), port);
            }
        }
        Map<String, Integer> resolved = new LinkedHashMap<>(Ports.resolve(wanted));
        reservedOnly.forEach(resolved::putIfAbsent);
        return resolved;
    }

    private void checkChannelCatalog() {
        if (options.services.isEmpty() || options.channelsContent != null) {
            return;
        }
        if (!Files.isRegularFile(options.channelsFile)) {
            throw new IllegalStateException("channel catalog not found: " + options.channelsFile);
        }
    }

    private Path writeChannelCatalog() throws IOException {
        if (options.channelsContent == null) {
            return options.channelsFile.toAbsolutePath();
        }
        Path file = options.workDir.resolve("channels.yml");
        Files.writeString(file, options.channelsContent.replace(SANDBOX_URL_TOKEN, sandbox.address()));
        return file.toAbsolutePath();
    }

    private ServiceProcess newServiceProcess(HeraldService service) {
        return serviceProcess(service, service.id(), ports.get(service.id()), List.of());
    }

    /** Every service process, the stack's four and each extra dispatcher, is made by {@link ServiceLaunch}. */
    private ServiceProcess serviceProcess(HeraldService service, String name, int port, List<String> overrides) {
        return serviceLaunch().process(service, name, port, overrides);
    }

    private ServiceLaunch serviceLaunch() {
        ServiceLaunch.Wiring wiring = new ServiceLaunch.Wiring(kafka.bootstrapServers(), registry.apiUrl(), channelsFile,
                postgres.jdbcUrl(), postgres.user(), postgres.password(),
                "http://127.0.0.1:" + ports.get(HeraldService.SIGNER.id()));
        return new ServiceLaunch(options.home, logDir, runDir, wiring, tokens, sealingKey,
                new ServiceLaunch.Extras(options.env, options.serviceArgs, options.serviceEnv, jvmMarker,
                        options.serviceJvmOptions));
    }

    private Path logOf(String component) {
        if (component.equals("ports") || component.equals("channels") || component.equals("sandbox")) {
            return null;
        }
        if (component.equals("postgres") && options.externalDatabase != null) {
            return null;
        }
        Path log = logDir.resolve(component + ".log");
        return Files.exists(log) ? log : null;
    }

    static String reason(Throwable e) {
        Throwable shown = e;
        while ((shown instanceof UncheckedIOException || shown instanceof java.util.concurrent.ExecutionException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
    }

    // ---- what tests and the launcher read ----

    /** The publisher token (PUBLISH, every tenant): {@code POST /v1/notifications} on ingest. */
    public String publishToken() {
        return tokens.value(StackTokens.PUBLISHER);
    }

    /** The reader token (READ, every tenant): the audit API's queries. */
    public String readToken() {
        return tokens.value(StackTokens.READER);
    }

    /** The operator token (OPERATOR, every tenant): replay, the signer's preview, {@code /actuator/*} but health. */
    public String operatorToken() {
        return tokens.value(StackTokens.OPERATOR);
    }

    /** The token the dispatcher presents to the signer (SERVICE). */
    public String serviceToken() {
        return tokens.value(StackTokens.DISPATCHER);
    }

    /** A token by name: {@code publisher}, {@code reader}, {@code operator}, {@code dispatcher} or one added by {@link Builder#token}. */
    public String token(String name) {
        return tokens.value(name);
    }

    /** Every token's value by name, e.g. for a sweep proving none was written anywhere. */
    public Map<String, String> tokens() {
        return tokens.values();
    }

    /** {@code <work>/tokens.properties}: every token as {@code VARIABLE=value}, owner-only, written at start. */
    public Path tokensFile() {
        return options.workDir.resolve(StackTokens.FILE);
    }

    /** Kafka bootstrap servers: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return running(kafka).bootstrapServers();
    }

    /** Apicurio Registry core API: {@code http://127.0.0.1:<port>/apis/registry/v3}. */
    public String registryUrl() {
        return running(registry).apiUrl();
    }

    /** Apicurio Registry root: {@code http://127.0.0.1:<port>} (Confluent-compatible API at {@code /apis/ccompat/v7}). */
    public String registryBaseUrl() {
        return running(registry).baseUrl();
    }

    public String jdbcUrl() {
        return running(postgres).jdbcUrl();
    }

    public String jdbcUser() {
        return running(postgres).user();
    }

    public String jdbcPassword() {
        return running(postgres).password();
    }

    public boolean embeddedDatabase() {
        return running(postgres).isEmbedded();
    }

    /** The in-process provider sandbox: what it received, faults to inject. */
    public ProviderSandbox sandbox() {
        return running(sandbox).sandbox();
    }

    /** The sandbox's base URL, {@code http://127.0.0.1:<port>}. */
    public String sandboxUrl() {
        return running(sandbox).address();
    }

    /** The absolute channel catalog file the services read. */
    public Path channelsFile() {
        return channelsFile;
    }

    /** {@code http://127.0.0.1:<port>} of a service (by {@link HeraldService#id()}, e.g. {@code "ingest"}). */
    public String httpUrl(String service) {
        return httpUrl(HeraldService.byName(service));
    }

    public String httpUrl(HeraldService service) {
        ServiceProcess process = services.get(service);
        if (process != null) {
            return process.url();
        }
        Integer port = ports.get(service.id());
        if (port == null) {
            throw new IllegalStateException(service.id() + " has no port in this stack");
        }
        return "http://127.0.0.1:" + port;
    }

    public Path workDir() {
        return options.workDir;
    }

    public Path home() {
        return options.home;
    }

    /** A component's log file: {@code <work>/logs/<component>.log}. */
    public Path logFile(String component) {
        return logDir.resolve(component + ".log");
    }

    /** Ports in use (or reserved) by name: postgres, kafka, kafka controller, registry, …, ingest, … */
    public Map<String, Integer> ports() {
        return Collections.unmodifiableMap(ports);
    }

    /** Every component started (and not stopped for good by scaling down), in start order, with its state. */
    public List<ComponentState> components() {
        List<ComponentState> states = new ArrayList<>();
        for (Component component : started) {
            boolean running = component.isRunning();
            Optional<RestartTracker.Snapshot> watch = watchdog.snapshot(component.name());
            String state = watch.map(w -> w.state().name()).orElse(running ? "UP" : "DOWN");
            states.add(new ComponentState(component.name(), component.address(),
                    running ? component.pid() : OptionalLong.empty(), component.log(), running, state,
                    watch.map(RestartTracker.Snapshot::restarts).orElse(0),
                    watch.flatMap(RestartTracker.Snapshot::lastRestart),
                    watch.flatMap(RestartTracker.Snapshot::lastExit),
                    watch.flatMap(RestartTracker.Snapshot::nextTry)));
        }
        return states;
    }

    /**
     * One component's state, as {@code herald status} shows it.
     *
     * @param pid its process while it runs (none for the in-process sandbox)
     * @param running whether its process is alive right now
     * @param state {@code UP} (launched and not seen dead), {@code RESTARTING} (dead or being restarted; a restart is
     *     scheduled or under way), {@code DOWN} (dead, not restarted), {@code STOPPED} (stopped on purpose)
     * @param restarts how many times it was launched again since the stack started (after crashes or on request)
     * @param lastExit why it last ended, e.g. {@code killed by SIGKILL (exit code 137)}
     * @param nextRestart when the next scheduled restart runs, while one is scheduled
     */
    public record ComponentState(String name, String address, OptionalLong pid, Optional<Path> log, boolean running,
            String state, int restarts, Optional<Instant> lastRestart, Optional<String> lastExit,
            Optional<Instant> nextRestart) {}

    // ---- dispatcher instances (scaling) ----

    private final Map<String, ServiceProcess> dispatcherInstances = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Starts one more dispatcher, named {@code name} (also its {@code instance-id}, log and PID file name), for
     * {@code providers}, on a free port, launched exactly like the stack's dispatcher (its arguments, environment and
     * JVM options, with its provider set and instance id replaced); waits until it is ready. Instances of the same
     * provider share its consumer group and split the partitions. The watchdog restarts it like any other service.
     *
     * @return its base URL, e.g. {@code http://127.0.0.1:40123} ({@code GET /v1/assignments} lists its partitions)
     */
    public synchronized String startDispatcherInstance(String name, List<String> providers, String... extraArgs) {
        ServiceProcess instance = launchDispatcherInstance(name, providers, List.of(extraArgs));
        awaitInstance(instance, Instant.now());
        return instance.url();
    }

    private ServiceProcess launchDispatcherInstance(String name, List<String> providers, List<String> extraArgs) {
        if (kafka == null || closed || startingThread != null) {
            throw new IllegalStateException("the stack is not running");
        }
        ServiceProcess old = dispatcherInstances.get(name);
        if (old != null && old.isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + old.pid().getAsLong() + ")");
        }
        List<String> overrides = new ArrayList<>();
        overrides.add("--herald.dispatcher.providers=" + String.join(",", providers));
        overrides.add("--herald.dispatcher.instance-id=" + name);
        overrides.addAll(extraArgs);
        ServiceProcess instance = serviceProcess(HeraldService.DISPATCHER, name, Ports.pickFree(), overrides);
        if (old != null) {
            started.remove(old);
        }
        started.add(instance);
        dispatcherInstances.put(name, instance);
        options.listener.starting(name);
        try {
            instance.launch();
        } catch (Exception e) {
            options.listener.failed(name, instance.log().orElse(null), reason(e));
            throw new StackStartException(name, instance.log().orElse(null), reason(e), e);
        }
        watchdog.watch(instance);
        return instance;
    }

    private void awaitInstance(ServiceProcess instance, Instant begin) {
        try {
            instance.awaitReady(begin.plus(options.readyTimeout));
            options.listener.ready(instance.name(), instance.address(), Duration.between(begin, Instant.now()));
        } catch (Exception e) {
            options.listener.failed(instance.name(), instance.log().orElse(null), reason(e));
            watchdog.stoppingOnPurpose(instance.name(), "did not start: " + reason(e));
            instance.stop();
            throw new StackStartException(instance.name(), instance.log().orElse(null), reason(e), e);
        }
    }

    /**
     * Runs exactly {@code instances} extra dispatchers for a provider set, named {@code dispatcher-<set>-<i>} ({@code
     * <set>} is the providers sorted and joined by {@code +}): stops the surplus ones (SIGTERM: they leave their groups
     * cleanly; never restarted), launches the missing ones together and waits until each is ready.
     *
     * @return the base URL of each instance of the set, by name
     */
    public synchronized Map<String, String> scaleDispatchers(List<String> providers, int instances,
            java.util.function.Consumer<String> progress) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("name at least one provider");
        }
        if (instances < 0) {
            throw new IllegalArgumentException("instances must be 0 or more, was " + instances);
        }
        String prefix = "dispatcher-" + String.join("+", new java.util.TreeSet<>(providers)) + "-";
        for (String name : new java.util.TreeSet<>(dispatcherInstances.keySet())) {
            if (name.startsWith(prefix) && instanceNumber(name, prefix) > instances) {
                progress.accept("Stopping " + name + dispatcherInstances.get(name).pid().stream()
                        .mapToObj(pid -> " (pid " + pid + ")").findFirst().orElse(""));
                removeDispatcherInstance(name);
            }
        }
        Map<String, String> urls = new java.util.TreeMap<>();
        Map<ServiceProcess, Instant> launched = new LinkedHashMap<>();
        for (int i = 1; i <= instances; i++) {
            String name = prefix + i;
            ServiceProcess running = dispatcherInstances.get(name);
            if (running == null || !running.isRunning()) {
                progress.accept("Starting " + name + " for " + String.join(",", providers) + " …");
                running = launchDispatcherInstance(name, providers, List.of());
                launched.put(running, Instant.now());
            }
            urls.put(name, running.url());
        }
        launched.forEach((instance, begin) -> {
            awaitInstance(instance, begin);
            progress.accept("  " + instance.name() + " ready at " + instance.url() + " (pid "
                    + instance.pid().getAsLong() + ", log " + ProgressLine.display(instance.log().orElseThrow()) + ")");
        });
        return urls;
    }

    private static int instanceNumber(String name, String prefix) {
        try {
            return Integer.parseInt(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // not one of the set's numbered instances: surplus
        }
    }

    /** Kills a dispatcher instance with SIGKILL, as a crash would. */
    public synchronized void killDispatcherInstance(String name) {
        ServiceProcess instance = dispatcherInstances.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no dispatcher instance '" + name + "'; known: " + dispatcherInstances.keySet());
        }
        instance.kill();
    }

    /** Stops a dispatcher instance (SIGTERM: it leaves its group cleanly); it is not restarted. */
    public synchronized void stopDispatcherInstance(String name) {
        ServiceProcess instance = dispatcherInstances.get(name);
        if (instance != null) {
            stopOnPurpose(instance);
        }
    }

    /** Stops it on purpose and forgets it: scaled down, it is no longer part of the stack. */
    private void removeDispatcherInstance(String name) {
        ServiceProcess instance = dispatcherInstances.remove(name);
        if (instance != null) {
            stopOnPurpose(instance);
            started.remove(instance);
            watchdog.forget(name);
        }
    }

    private void stopOnPurpose(Component component) {
        watchdog.stoppingOnPurpose(component.name(), "stopped on purpose");
        options.listener.stopping(component.name());
        boolean killed;
        synchronized (component) {
            killed = component.stop();
        }
        options.listener.stopped(component.name(), killed);
    }

    /** Base URLs of the extra dispatcher instances by name, running or not. */
    public Map<String, String> dispatcherInstances() {
        Map<String, String> urls = new java.util.TreeMap<>();
        dispatcherInstances.forEach((name, instance) -> urls.put(name, instance.url()));
        return urls;
    }

    // ---- kill / restart ----

    /** Stops a service on purpose (SIGTERM, then SIGKILL after 30 s); its port stays reserved for {@link #startService}. */
    public synchronized void stopService(String name) {
        ServiceProcess process = services.get(HeraldService.byName(name));
        if (process != null) {
            stopOnPurpose(process);
        }
    }

    /** Kills a service with SIGKILL, as a crash would (with restarts on, the watchdog restarts it). */
    public synchronized void killService(String name) {
        ServiceProcess process = services.get(HeraldService.byName(name));
        if (process != null) {
            process.kill();
        }
    }

    /**
     * Starts a service stopped with {@link #stopService} again on its port with the same command line (or, when the
     * stack did not start it, for the first time), and waits until it is ready.
     */
    public synchronized void startService(String name) {
        HeraldService service = HeraldService.byName(name);
        ServiceProcess process = services.get(service);
        if (process != null && process.isRunning()) {
            throw new IllegalStateException(service.id() + " is already running (pid " + process.pid().getAsLong() + ")");
        }
        if (kafka == null || closed || startingThread != null) {
            throw new IllegalStateException("the stack is not running");
        }
        Instant begin = Instant.now();
        try {
            options.listener.starting(service.id());
            if (process == null) {
                process = newServiceProcess(service);
                services.put(service, process);
                started.add(process);
                process.launch();
                watchdog.watch(process);
            } else {
                synchronized (process) {
                    process.relaunch();
                }
                watchdog.startedOnPurpose(service.id());
            }
            process.awaitReady(begin.plus(options.readyTimeout));
            options.listener.ready(service.id(), process.address(), Duration.between(begin, Instant.now()));
        } catch (Exception e) {
            options.listener.failed(service.id(), process == null ? null : process.log().orElse(null), reason(e));
            if (process != null) {
                watchdog.stoppingOnPurpose(service.id(), "did not start: " + reason(e));
                process.stop();
            }
            throw new StackStartException(service.id(), process == null ? null : process.log().orElse(null), reason(e), e);
        }
    }

    /**
     * Stops any restartable component on purpose (a service, {@code kafka}/{@code broker}, {@code registry}, the
     * embedded {@code postgres}): SIGTERM, SIGKILL after its stop timeout. The watchdog leaves it down until
     * {@link #startComponent}; {@code herald chaos} uses the pair to hold an outage.
     */
    public void stopComponent(String name) {
        Component component = restartableComponent(name);
        synchronized (this) {
            stopOnPurpose(component);
        }
    }

    /**
     * Starts a component stopped with {@link #stopComponent} again with the same command line, ports and data, and
     * waits until it is ready.
     */
    public void startComponent(String name) throws Exception {
        Component component = restartableComponent(name);
        if (component.isRunning()) {
            throw new IllegalStateException(component.name() + " is already running");
        }
        if (closed) {
            throw new IllegalStateException("the stack is not running");
        }
        Instant begin = Instant.now();
        options.listener.starting(component.name());
        synchronized (component) {
            component.relaunch();
        }
        watchdog.startedOnPurpose(component.name());
        component.awaitReady(begin.plus(options.readyTimeout));
        options.listener.ready(component.name(), component.address(), Duration.between(begin, Instant.now()));
    }

    private Component restartableComponent(String name) {
        String canonical = canonicalName(name);
        return started.stream()
                .filter(c -> c.name().equals(canonical) && c.restartable())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no restartable component '" + name + "'"));
    }

    /**
     * Restarts one component on request, as {@code herald restart} does: a graceful stop (SIGTERM; SIGKILL after its
     * stop timeout), then the same command line again on the same ports and data, awaited until ready; each step goes
     * to {@code progress}. Names: a service id, {@code kafka} (or {@code broker}), {@code registry}, {@code postgres}
     * (embedded only), or a dispatcher instance's name.
     *
     * @throws IllegalArgumentException for an unknown name or a component that cannot be restarted alone
     */
    public void restart(String component, java.util.function.Consumer<String> progress) throws Exception {
        watchdog.restartOnRequest(canonicalName(component), progress);
    }

    /** {@code broker} is the broker's other name; {@code ingest-service} that of {@code ingest}. */
    static String canonicalName(String component) {
        String name = component.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("broker")) {
            return "kafka";
        }
        if (name.endsWith("-service")) {
            return name.substring(0, name.length() - "-service".length());
        }
        return name;
    }

    /**
     * Stops everything that was started, in reverse order: the services (all signalled at once, then each
     * awaited), the sandbox, the registry, the broker, PostgreSQL. Idempotent; also run by the shutdown hook.
     */
    @Override
    public void close() {
        closed = true;
        watchdog.close(); // before any stop: no restart may start what is being stopped
        Thread starting = startingThread;
        if (starting != null && starting != Thread.currentThread()) {
            starting.interrupt();
        }
        synchronized (closeLock) {
            if (closeDone) {
                return;
            }
            closeDone = true;
            stopAll();
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; nothing to undo
            }
        }
    }

    private void stopAll() {
        List<Component> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        Set<Component> running = new java.util.HashSet<>();
        reverse.stream().filter(Component::isRunning).forEach(running::add);
        // every service at once: each shuts down in parallel while the loop below awaits them one by one
        reverse.stream().filter(ServiceProcess.class::isInstance).map(ServiceProcess.class::cast)
                .forEach(ServiceProcess::signalStop);
        for (Component component : reverse) {
            try {
                watchdog.stoppingOnPurpose(component.name(), "the stack was stopped");
                boolean wasRunning = running.contains(component) || component.isRunning();
                if (wasRunning) {
                    options.listener.stopping(component.name());
                }
                boolean killed;
                synchronized (component) { // a restart relaunching it now finishes first, and is stopped here
                    killed = component.stop();
                }
                if (wasRunning) {
                    options.listener.stopped(component.name(), killed);
                }
            } catch (RuntimeException e) {
                System.err.println("Stopping " + component.name() + " failed: " + e);
            }
        }
    }

    private <T extends Component> T running(T component) {
        if (component == null) {
            throw new IllegalStateException("the stack has not been started");
        }
        return component;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A PostgreSQL server the stack uses instead of starting one. */
    public record ExternalDatabase(String url, String user, String password) {

        public ExternalDatabase {
            Objects.requireNonNull(url, "url");
            user = Objects.requireNonNullElse(user, "");
            password = Objects.requireNonNullElse(password, "");
        }

        /** From {@code HERALD_DB_URL}, {@code HERALD_DB_USER}, {@code HERALD_DB_PASSWORD}, when the URL is set. */
        public static Optional<ExternalDatabase> fromEnvironment(Map<String, String> env) {
            String url = env.get("HERALD_DB_URL");
            if (url == null || url.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ExternalDatabase(url, env.get("HERALD_DB_USER"), env.get("HERALD_DB_PASSWORD")));
        }

        @Override
        public String toString() {
            return "ExternalDatabase[" + url + ", user " + user + "]"; // never the password
        }
    }

    /** Options of a {@link LocalStack}; every setter returns the builder. */
    public static final class Builder {

        private Path home = heraldHome();
        private Path workDir;
        private int postgresPort = 15432;
        private int kafkaPort = 19092;
        private int kafkaControllerPort = 19093;
        private int registryPort = 18081;
        private int registryManagementPort = 18091;
        private int sandboxPort = 18080;
        private final Map<HeraldService, Integer> servicePorts = new EnumMap<>(HeraldService.class);
        private Set<HeraldService> services = EnumSet.allOf(HeraldService.class);
        private final Map<HeraldService, List<String>> serviceArgs = new EnumMap<>(HeraldService.class);
        private final Map<HeraldService, List<String>> serviceJvmOptions = new EnumMap<>(HeraldService.class);
        private final Map<HeraldService, Map<String, String>> serviceEnv = new EnumMap<>(HeraldService.class);
        private int sandboxMaxRecords = ProviderSandbox.DEFAULT_MAX_RECORDS;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, StackTokens.Token> tokens = new LinkedHashMap<>();
        private Path channelsFile;
        private String channelsContent;
        private final Map<String, String> sandboxRobots = new LinkedHashMap<>();
        private ExternalDatabase externalDatabase;
        private Path registryDistribution;
        private String kafkaClasspath = absoluteClasspath(System.getProperty("java.class.path"));
        private Duration readyTimeout = Duration.ofSeconds(180);
        private StackListener listener = StackListener.NONE;
        private RestartPolicy restartPolicy;

        private Builder() {
            for (HeraldService service : HeraldService.values()) {
                servicePorts.put(service, service.defaultPort());
            }
        }

        /** Repository root (service jars, Apicurio distribution, {@code config/}); default {@link #heraldHome()}. */
        public Builder home(Path home) {
            this.home = home.toAbsolutePath().normalize();
            return this;
        }

        /** Where logs, PID files and data go; default {@code <home>/.herald}. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir.toAbsolutePath().normalize();
            return this;
        }

        /** Every port 0: each component gets a free port (what tests want). */
        public Builder freePorts() {
            postgresPort = kafkaPort = kafkaControllerPort = registryPort = registryManagementPort = sandboxPort = 0;
            servicePorts.replaceAll((service, port) -> 0);
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder kafkaPorts(int brokerPort, int controllerPort) {
            this.kafkaPort = brokerPort;
            this.kafkaControllerPort = controllerPort;
            return this;
        }

        public Builder registryPorts(int httpPort, int managementPort) {
            this.registryPort = httpPort;
            this.registryManagementPort = managementPort;
            return this;
        }

        public Builder sandboxPort(int port) {
            this.sandboxPort = port;
            return this;
        }

        public Builder servicePort(HeraldService service, int port) {
            servicePorts.put(service, port);
            return this;
        }

        /** Which services to start (default all four). */
        public Builder services(Set<HeraldService> services) {
            this.services = services.isEmpty() ? EnumSet.noneOf(HeraldService.class) : EnumSet.copyOf(services);
            return this;
        }

        public Builder services(HeraldService... services) {
            return services(Set.of(services));
        }

        /** Only the infrastructure: PostgreSQL, Kafka, the registry and the sandbox. */
        public Builder withoutServices() {
            return services(Set.of());
        }

        /** Extra {@code --key=value} arguments for a service (they come last, so they win). */
        public Builder serviceArgs(HeraldService service, String... args) {
            serviceArgs.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(args));
            return this;
        }

        /** Arguments every service takes, e.g. the shared {@code --herald.kafka.retry-tiers} they must agree on. */
        public Builder everyServiceArgs(String... args) {
            for (HeraldService service : HeraldService.values()) {
                serviceArgs(service, args);
            }
            return this;
        }

        /**
         * Extra JVM options for a service, placed before {@code -jar} (e.g. {@code -XX:StartFlightRecording=…} to
         * profile it); the stack's own {@link HeraldService#JVM_OPTIONS} come first, so a later one here wins (e.g.
         * {@code -XX:TieredStopAtLevel=1} for the client compiler only).
         */
        public Builder serviceJvmOptions(HeraldService service, String... jvmOptions) {
            serviceJvmOptions.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(jvmOptions));
            return this;
        }

        /**
         * How many received requests the in-process sandbox keeps (oldest dropped); default
         * {@value ProviderSandbox#DEFAULT_MAX_RECORDS}. A load run keeps few and watches
         * {@link ProviderSandbox#onReceipt} instead.
         */
        public Builder sandboxMaxRecords(int maxRecords) {
            if (maxRecords < 1) {
                throw new IllegalArgumentException("sandboxMaxRecords must be at least 1, was " + maxRecords);
            }
            this.sandboxMaxRecords = maxRecords;
            return this;
        }

        /** An environment variable for every service (e.g. the credentials the catalog references). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /**
         * One more bearer token, e.g. a publisher of one tenant to prove tenant isolation: {@code roles} decide which
         * services accept it (PUBLISH ingest, READ audit, SERVICE signer, OPERATOR all); it acts for {@code tenants}
         * ({@code *}: all) and publishes to {@code channels} only (empty: all). Its random value is
         * {@link LocalStack#token(String) token(name)}.
         */
        public Builder token(String name, Set<io.herald.contract.security.Role> roles, List<String> tenants,
                List<String> channels) {
            StackTokens.Token token = StackTokens.extra(name, roles, tenants, channels);
            if (StackTokens.STANDARD.stream().anyMatch(standard -> standard.name().equals(name))
                    || tokens.putIfAbsent(name, token) != null) {
                throw new IllegalArgumentException("token '" + name + "' is already defined");
            }
            return this;
        }

        /** An environment variable for one service only (e.g. {@code LD_PRELOAD} to run it on a shifted clock). */
        public Builder serviceEnv(HeraldService service, String name, String value) {
            serviceEnv.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** The channel catalog file the services read; default {@code <home>/config/channels.yml}. */
        public Builder channelCatalog(Path file) {
            this.channelsFile = file.toAbsolutePath().normalize();
            this.channelsContent = null;
            return this;
        }

        /**
         * The channel catalog as YAML, written to {@code <work>/channels.yml}; {@value #SANDBOX_URL_TOKEN} in it
         * becomes the sandbox's base URL (e.g. {@code endpoint: {{sandbox}}/dingtalk/robot/send}).
         */
        public Builder channelCatalogContent(String yaml) {
            this.channelsContent = yaml;
            this.channelsFile = null;
            return this;
        }

        /** A DingTalk robot the sandbox accepts. */
        public Builder sandboxRobot(String accessToken, String secret) {
            sandboxRobots.put(accessToken, secret);
            return this;
        }

        /** Use this PostgreSQL instead of the embedded one. */
        public Builder externalDatabase(ExternalDatabase database) {
            this.externalDatabase = database;
            return this;
        }

        /** External PostgreSQL when {@code HERALD_DB_URL} is set, else embedded. */
        public Builder databaseFromEnvironment() {
            this.externalDatabase = ExternalDatabase.fromEnvironment(System.getenv()).orElse(null);
            return this;
        }

        /** The unpacked Apicurio Registry; default {@code <home>/infra/local-stack/target/apicurio-registry}. */
        public Builder registryDistribution(Path dir) {
            this.registryDistribution = dir.toAbsolutePath().normalize();
            return this;
        }

        /** Classpath of the broker's JVM; default this JVM's, which holds kafka_2.13 and its dependencies. */
        public Builder kafkaClasspath(String classpath) {
            this.kafkaClasspath = classpath;
            return this;
        }

        /** How long each component may take to be ready; default 180 s (four Spring Boot JVMs on two cores). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Restart a component that dies on its own (a service, an extra dispatcher, the broker, the registry, the
         * embedded PostgreSQL) with this back-off; off by default, so a test that kills one sees it stay down.
         */
        public Builder restartCrashed(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder listener(StackListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** The broker runs in its own directory: relative classpath entries must not depend on ours. */
        private static String absoluteClasspath(String classpath) {
            return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }

        /** The stack, not started yet. */
        public LocalStack build() {
            if (workDir == null) {
                workDir = home.resolve(".herald");
            }
            if (channelsFile == null && channelsContent == null) {
                channelsFile = home.resolve("config/channels.yml");
            }
            if (registryDistribution == null) {
                registryDistribution = home.resolve("infra/local-stack/target/apicurio-registry");
            }
            return new LocalStack(this);
        }
    }

    private static String randomSealingKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
