package io.herald.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one stack is made of while it runs: its options, its components in start order, the ports it claimed and where
 * it writes. Start, scaling, control and shutdown all read and change the stack through this one object.
 */
final class StackParts {

    final StackBuilder options;
    final Path logDir;
    final Path runDir;
    /** Every child JVM carries this, so {@code ps} (and {@code herald down}) can tell which processes are ours. */
    final List<String> jvmMarker;
    /** The bearer tokens of this run: the four every stack has, and any the builder added. */
    final StackTokens tokens;

    final String sealingKey = randomKey();
    /** Seals secrets submitted through the channel API; only the signer gets it. */
    final String channelSecretsKey = randomKey();

    final Watchdog watchdog;
    /** Records the AOT cache of a service that has none, when switched on; made once the stack has stopped. */
    final AotTraining aotTraining;
    /** In start order; a scaled-down dispatcher leaves it. */
    final List<Component> started = new CopyOnWriteArrayList<>();

    final Map<HeraldService, ServiceProcess> services = new EnumMap<>(HeraldService.class);
    volatile Map<String, Integer> ports = Map.of();
    PostgresDatabase postgres;
    /** The first Kafka node (the only one by default). */
    KafkaBroker kafka;
    /** Every Kafka node, the first first. */
    List<KafkaBroker> brokers = List.of();

    SchemaRegistry registry;
    SandboxComponent sandbox;
    Path channelsFile;
    volatile boolean closed;
    /** The thread running {@code start()}, while it runs. */
    volatile Thread startingThread;

    StackParts(StackBuilder options) {
        this.options = options;
        this.runDir = options.workDir.resolve("run");
        this.logDir = options.workDir.resolve("logs");
        this.jvmMarker = List.of("-Dherald.stack=" + options.workDir);
        this.watchdog = new Watchdog(options.restartPolicy, options.listener, options.readyTimeout);
        this.aotTraining = AotTraining.fromEnvironment(logDir);
        this.tokens = new StackTokens(options.tokens.values(), this::env);
    }

    /** A variable the builder set, else the launcher's own. */
    String env(String name) {
        return options.env.containsKey(name) ? options.env.get(name) : System.getenv(name);
    }

    StackListener listener() {
        return options.listener;
    }

    /** Started and not closed: scaling and control need the infrastructure up. */
    void requireRunning() {
        if (kafka == null || closed || startingThread != null) {
            throw new IllegalStateException("the stack is not running");
        }
    }

    /** Makes every service process (the stack's four and each extra dispatcher) once the infrastructure is up. */
    ServiceLaunch serviceLaunch() {
        ServiceLaunch.Wiring wiring = new ServiceLaunch.Wiring(
                kafka.bootstrapServers(),
                registry.apiUrl(),
                channelsFile,
                postgres.jdbcUrl(),
                postgres.user(),
                postgres.password(),
                "http://127.0.0.1:" + ports.get(HeraldService.SIGNER.id()),
                sealingKey,
                channelSecretsKey);
        return new ServiceLaunch(
                options.home,
                logDir,
                runDir,
                wiring,
                tokens,
                new ServiceLaunch.Extras(
                        options.env, options.serviceArgs, options.serviceEnv, jvmMarker, options.serviceJvmOptions),
                aotTraining);
    }

    /** The log a failure message points at, when the component has one of its own. */
    Path logOf(String component) {
        if (List.of("ports", "channels", "sandbox").contains(component)
                || (component.equals("postgres") && options.externalDatabase != null)) {
            return null;
        }
        Path log = logDir.resolve(component + ".log");
        return Files.exists(log) ? log : null;
    }

    /** Stops it on purpose (the watchdog leaves it down), telling the listener. */
    void stopOnPurpose(Component component) {
        watchdog.stoppingOnPurpose(component.name(), "stopped on purpose");
        listener().stopping(component.name());
        boolean killed;
        synchronized (component) { // a restart relaunching it now finishes first, and is stopped here
            killed = component.stop();
        }
        listener().stopped(component.name(), killed);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
