package io.herald.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The start order: ports, tokens file, then every part of the infrastructure launched at once (PostgreSQL, the Kafka
 * node(s), the registry, the sandbox); the services are launched as soon as what they need at start is ready
 * (PostgreSQL for the Flyway migrations, the sandbox for the catalog, the broker for topic creation and the channel
 * follower), the registry is awaited while they start, then each service. Writes under the work dir; a failure stops
 * what had started and names the component and its log.
 */
final class StackStart {

    private final StackParts parts;
    private final StackBuilder options;
    /** When each component was launched: what its "ready (…, took)" counts from. */
    private final Map<Component, Instant> launched = new HashMap<>();

    private String current = "ports";

    StackStart(StackParts parts) {
        this.parts = parts;
        this.options = parts.options;
    }

    /** Starts everything; on failure calls {@code close} and throws {@link StackStartException}. */
    void run(Runnable close) {
        parts.startingThread = Thread.currentThread();
        try {
            launchInfrastructure();
            // what a service needs at start: a database to migrate, the channel catalog (its endpoints name the
            // sandbox), a broker to create its topics on and read herald.channels from; the serdes ask the registry
            // only for a record's schema, so it may still be starting. The broker, the slowest of these, comes last.
            await(parts.postgres, true);
            await(parts.sandbox, true);
            current = "channels";
            parts.channelsFile = ChannelCatalogFile.write(options, parts.sandbox.address());
            // the sandbox answers for every provider of the catalog, with the credentials the services will use
            parts.sandbox.serve(parts.channelsFile, parts::env);
            for (KafkaBroker broker : parts.brokers) {
                await(broker, true);
            }
            List<ServiceProcess> services = launchServices();
            await(parts.registry, true);
            // Spring Boot start-up is mostly CPU: launched together and awaited in order is faster, and reads in order
            for (ServiceProcess service : services) {
                await(service, false);
            }
            parts.watchdog.start();
        } catch (Exception e) {
            // stop what started without cutting the stops short: an interrupt is what brought us here
            boolean interrupted = Thread.interrupted();
            String reason = parts.closed ? "the stack was stopped while starting" : StackStartException.reason(e);
            parts.listener().failed(current, parts.logOf(current), reason);
            close.run();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new StackStartException(current, parts.logOf(current), reason, e);
        } finally {
            parts.startingThread = null;
        }
    }

    /**
     * PostgreSQL, Kafka and the registry need nothing of each other: all are launched before any is awaited. The
     * broker first (formatting its storage takes a JVM of its own, and the services wait for the broker), then the
     * registry (the slowest, but needed last), then PostgreSQL (its launch runs initdb and waits for the server).
     */
    private void launchInfrastructure() throws Exception {
        parts.ports = PortPlan.resolve(options);
        ChannelCatalogFile.check(options);
        Files.createDirectories(parts.logDir);
        Files.createDirectories(parts.runDir);
        parts.tokens.write(options.workDir.resolve(StackTokens.FILE));
        Files.deleteIfExists(options.workDir.resolve("audit-tokens.properties")); // what it replaces, with old values

        Map<String, Integer> ports = parts.ports;
        parts.postgres = options.externalDatabase != null
                ? PostgresDatabase.external(options.externalDatabase)
                : PostgresDatabase.embedded(
                        options.workDir.resolve("postgres/data"),
                        parts.logDir.resolve("postgres.log"),
                        parts.runDir,
                        ports.get("postgres"));
        KafkaNodes nodes = PortPlan.kafkaNodes(ports, options.kafkaBrokers);
        List<Path> kafkaClasspath = KafkaClasspath.jars(options.kafkaClasspath, options.home);
        Path aotDir = options.home.resolve("infra/local-stack/target/aot");
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int node = 1; node <= nodes.size(); node++) {
            brokers.add(new KafkaBroker(
                    nodes,
                    node,
                    options.workDir.resolve(KafkaNodes.name(node)),
                    parts.logDir.resolve(KafkaNodes.name(node) + ".log"),
                    parts.runDir,
                    kafkaClasspath,
                    aotDir,
                    parts.jvmMarker));
        }
        brokers.forEach(broker -> broker.cluster(brokers));
        parts.brokers = List.copyOf(brokers);
        parts.kafka = brokers.getFirst();
        parts.registry = new SchemaRegistry(
                options.registryDistribution,
                options.workDir.resolve("registry"),
                parts.logDir.resolve("registry.log"),
                parts.runDir,
                ports.get("registry"),
                ports.get("registry management"),
                aotDir,
                parts.jvmMarker);
        parts.sandbox = new SandboxComponent(ports.get("sandbox"), options.sandboxSetups, options.sandboxMaxRecords);

        // in the order they are shown and stopped (in reverse); close() stops one not launched yet harmlessly
        parts.started.add(parts.postgres);
        parts.started.addAll(parts.brokers);
        parts.started.addAll(List.of(parts.registry, parts.sandbox));
        List<Component> launchOrder = new ArrayList<>(parts.brokers);
        launchOrder.addAll(List.of(parts.registry, parts.postgres, parts.sandbox));
        for (Component component : launchOrder) {
            launch(component);
        }
    }

    /** The stack's services and their extra instances, launched together. */
    private List<ServiceProcess> launchServices() throws Exception {
        ServiceLaunch launch = parts.serviceLaunch();
        List<ServiceProcess> processes = options.services.stream()
                .map(service -> launch.process(
                        service,
                        service.id(),
                        parts.ports.get(service.id()),
                        parts.ports.get(service.managementPortName()),
                        List.of()))
                .toList();
        processes.forEach(process -> parts.services.put(process.service(), process));
        List<ServiceProcess> all = new ArrayList<>(processes);
        all.addAll(ServiceInstances.extra(launch, options.services, options.serviceInstances));
        for (ServiceProcess process : all) {
            parts.started.add(process);
            launch(process);
        }
        return all;
    }

    private void launch(Component component) throws Exception {
        current = component.name();
        launched.put(component, Instant.now());
        component.launch();
        parts.watchdog.watch(component);
        abortIfClosed(component);
    }

    /** {@code fromLaunch}: its deadline counts from its launch (else from now). */
    private void await(Component component, boolean fromLaunch) throws Exception {
        current = component.name();
        parts.listener().starting(current);
        Instant launchedAt = launched.get(component);
        Instant from = fromLaunch ? launchedAt : Instant.now();
        component.awaitReady(from.plus(options.readyTimeout));
        parts.listener().ready(current, component.address(), Duration.between(launchedAt, Instant.now()));
    }

    /** A close() that came while {@code component} was launching may have missed it: stop it here. */
    private void abortIfClosed(Component component) throws InterruptedException {
        if (parts.closed) {
            component.stop();
            throw new InterruptedException("the stack was closed while starting");
        }
    }
}
