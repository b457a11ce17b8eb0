package io.herald.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Command-line options shared by {@code herald up} and the supervisor it starts ({@code up} hands them on
 * unchanged): which services, which ports, which channel catalog.
 */
final class StackOptions {

    static final List<String> PORT_NAMES = List.of(
            "postgres",
            "kafka",
            "kafka-controller",
            "registry",
            "registry-management",
            "sandbox",
            "ingest",
            "signer",
            "dispatcher",
            "audit",
            "ingest-management",
            "signer-management",
            "dispatcher-management",
            "audit-management");

    @Option(
            names = "--services",
            split = ",",
            paramLabel = "SERVICE",
            description = "Services to start: ingest, signer, dispatcher, audit, or none (default: all four).")
    List<String> services;

    @Option(
            names = "--port",
            paramLabel = "NAME=PORT",
            description =
                    "Override a port (0 = any free one). Names: postgres (15432), kafka (19092), kafka-controller "
                            + "(19093), registry (18081), registry-management (18091), sandbox (18080), ingest (8080), "
                            + "signer (8082), dispatcher (8083), audit (8084), and each service's actuator "
                            + "(health, Prometheus scrape): ingest-management (9080), signer-management (9082), "
                            + "dispatcher-management (9083), audit-management (9084).")
    Map<String, Integer> ports = new LinkedHashMap<>();

    @Option(names = "--channels", paramLabel = "FILE", description = "Channel catalog (default: config/channels.yml).")
    Path channels;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            description = "Kafka nodes, each a broker and a KRaft controller (default: 1). From 3 on, every topic gets "
                    + "3 replicas and min.insync.replicas=2, so one node may fail; node i listens on the kafka and "
                    + "kafka-controller ports plus 2(i-1) (kafka-2: 19094/19095, kafka-3: 19096/19097).")
    Integer brokers;

    @Option(
            names = "--instances",
            paramLabel = "N",
            description = "Instances of each service (default: 1); the extra ones (ingest-2, …) take free ports and "
                    + "share the first one's consumer groups, splitting the partitions.")
    Integer instances;

    Path home() {
        return LocalStack.heraldHome();
    }

    Path workDir() {
        return home().resolve(".herald");
    }

    Set<HeraldService> selectedServices() {
        if (services == null || services.isEmpty()) {
            return EnumSet.allOf(HeraldService.class);
        }
        if (services.size() == 1 && services.getFirst().equals("none")) {
            return EnumSet.noneOf(HeraldService.class);
        }
        Set<HeraldService> selected = EnumSet.noneOf(HeraldService.class);
        services.forEach(name -> selected.add(HeraldService.byName(name.trim())));
        return selected;
    }

    /** Applies these options to a builder; unknown port names fail with the list of known ones. */
    StackBuilder applyTo(StackBuilder builder) {
        builder.home(home()).workDir(workDir()).services(selectedServices());
        if (brokers != null) {
            builder.kafkaBrokers(brokers);
        }
        if (instances != null) {
            builder.serviceInstances(instances);
        }
        if (channels != null) {
            builder.channelCatalog(channels);
        }
        Map<String, Integer> p = new LinkedHashMap<>();
        ports.forEach((name, port) -> {
            if (!PORT_NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "Unknown port name '" + name + "'; known: " + String.join(", ", PORT_NAMES));
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port " + name + "=" + port + " is out of range");
            }
            p.put(name, port);
        });
        if (p.containsKey("postgres")) {
            builder.postgresPort(p.get("postgres"));
        }
        if (p.containsKey("kafka") || p.containsKey("kafka-controller")) {
            builder.kafkaPorts(p.getOrDefault("kafka", 19092), p.getOrDefault("kafka-controller", 19093));
        }
        if (p.containsKey("registry") || p.containsKey("registry-management")) {
            builder.registryPorts(p.getOrDefault("registry", 18081), p.getOrDefault("registry-management", 18091));
        }
        if (p.containsKey("sandbox")) {
            builder.sandboxPort(p.get("sandbox"));
        }
        for (HeraldService service : HeraldService.values()) {
            if (p.containsKey(service.id())) {
                builder.servicePort(service, p.get(service.id()));
            }
            if (p.containsKey(service.id() + "-management")) {
                builder.managementPort(service, p.get(service.id() + "-management"));
            }
        }
        return builder;
    }

    /** The same options as arguments, for the supervisor's command line. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>();
        if (services != null && !services.isEmpty()) {
            args.add("--services=" + String.join(",", services));
        }
        ports.forEach((name, port) -> args.add("--port=" + name + "=" + port));
        if (channels != null) {
            args.add("--channels=" + channels.toAbsolutePath());
        }
        if (brokers != null) {
            args.add("--brokers=" + brokers);
        }
        if (instances != null) {
            args.add("--instances=" + instances);
        }
        return args;
    }
}
