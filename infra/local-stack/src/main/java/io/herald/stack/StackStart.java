package io.herald.stack;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start order: ports, tokens file, then PostgreSQL, the Kafka node(s), the registry and the sandbox (launched
 * together, awaited in order), the channel catalog, then the services and their extra instances (likewise). Writes
 * under the work dir; a failure stops what had started and names the component and its log.
 */
final class StackStart {

    private final StackParts parts;
    private final StackBuilder options;
    private String current = "ports";

    StackStart(StackParts parts) {
        this.parts = parts;
        this.options = parts.options;
    }

    /** Starts everything; on failure calls {@code close} and throws {@link StackStartException}. */
    void run(Runnable close) {
        parts.startingThread = Thread.currentThread();
        try {
            infrastructure();
            current = "channels";
            parts.channelsFile = ChannelCatalogFile.write(options, parts.sandbox.address());
            // the sandbox answers for every provider of the catalog, with the credentials the services will use
            parts.sandbox.serve(parts.channelsFile, parts::env);
            services();
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

    private void infrastructure() throws Exception {
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
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int node = 1; node <= nodes.size(); node++) {
            brokers.add(new KafkaBroker(
                    nodes,
                    node,
                    options.workDir.resolve(KafkaNodes.name(node)),
                    parts.logDir.resolve(KafkaNodes.name(node) + ".log"),
                    parts.runDir,
                    options.kafkaClasspath,
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
                parts.jvmMarker);
        parts.sandbox = new SandboxComponent(ports.get("sandbox"), options.sandboxSetups, options.sandboxMaxRecords);
        // PostgreSQL, Kafka and the registry need nothing of each other: launch them together, await in order
        List<Component> infrastructure = new ArrayList<>(List.of(parts.postgres));
        infrastructure.addAll(parts.brokers);
        infrastructure.addAll(List.of(parts.registry, parts.sandbox));
        launchThenAwait(infrastructure, true);
    }

    /** Spring Boot start-up is mostly CPU: launched together and awaited in order is faster, and reads in order. */
    private void services() throws Exception {
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
        launchThenAwait(all, false);
    }

    /** {@code fromLaunch}: each deadline counts from its launch (else from when it is awaited). */
    private void launchThenAwait(List<? extends Component> components, boolean fromLaunch) throws Exception {
        Map<Component, Instant> launched = new LinkedHashMap<>();
        for (Component component : components) {
            current = component.name();
            parts.started.add(component);
            launched.put(component, Instant.now());
            component.launch();
            parts.watchdog.watch(component);
            abortIfClosed(component);
        }
        for (Map.Entry<Component, Instant> entry : launched.entrySet()) {
            current = entry.getKey().name();
            parts.listener().starting(current);
            Instant from = fromLaunch ? entry.getValue() : Instant.now();
            entry.getKey().awaitReady(from.plus(options.readyTimeout));
            parts.listener()
                    .ready(current, entry.getKey().address(), Duration.between(entry.getValue(), Instant.now()));
        }
    }

    /** A close() that came while {@code component} was launching may have missed it: stop it here. */
    private void abortIfClosed(Component component) throws InterruptedException {
        if (parts.closed) {
            component.stop();
            throw new InterruptedException("the stack was closed while starting");
        }
    }
}
