package io.herald.stack;

import io.herald.contract.security.Role;
import io.herald.sandbox.ProviderSandbox;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Options of a {@link LocalStack}, read by its parts when it starts; every setter returns the builder. */
public final class StackBuilder {

    Path home = LocalStack.heraldHome();
    Path workDir;
    int postgresPort = 15432;
    int kafkaPort = 19092;
    int kafkaControllerPort = 19093;
    int kafkaBrokers = 1;
    int serviceInstances = 1;
    int registryPort = 18081;
    int registryManagementPort = 18091;
    int sandboxPort = 18080;
    final Map<HeraldService, Integer> servicePorts = new EnumMap<>(HeraldService.class);
    final Map<HeraldService, Integer> managementPorts = new EnumMap<>(HeraldService.class);
    Set<HeraldService> services = EnumSet.allOf(HeraldService.class);
    final Map<HeraldService, List<String>> serviceArgs = new EnumMap<>(HeraldService.class);
    final Map<HeraldService, List<String>> serviceJvmOptions = new EnumMap<>(HeraldService.class);
    final Map<HeraldService, Map<String, String>> serviceEnv = new EnumMap<>(HeraldService.class);
    int sandboxMaxRecords = ProviderSandbox.DEFAULT_MAX_RECORDS;
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, StackTokens.Token> tokens = new LinkedHashMap<>();
    Path channelsFile;
    String channelsContent;
    final List<Consumer<ProviderSandbox>> sandboxSetups = new ArrayList<>();
    ExternalDatabase externalDatabase;
    Path registryDistribution;
    String kafkaClasspath = absoluteClasspath(System.getProperty("java.class.path"));
    Duration readyTimeout = Duration.ofSeconds(180);
    StackListener listener = StackListener.NONE;
    RestartPolicy restartPolicy;

    StackBuilder() {
        for (HeraldService service : HeraldService.values()) {
            servicePorts.put(service, service.defaultPort());
            managementPorts.put(service, service.defaultManagementPort());
        }
    }

    /** Repository root (service jars, Apicurio distribution, {@code config/}); default {@link LocalStack#heraldHome()}. */
    public StackBuilder home(Path home) {
        this.home = home.toAbsolutePath().normalize();
        return this;
    }

    /** Where logs, PID files and data go; default {@code <home>/.herald}. */
    public StackBuilder workDir(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
        return this;
    }

    /** Every port 0: each component gets a free port (what tests want). */
    public StackBuilder freePorts() {
        postgresPort = kafkaPort = kafkaControllerPort = registryPort = registryManagementPort = sandboxPort = 0;
        servicePorts.replaceAll((service, port) -> 0);
        managementPorts.replaceAll((service, port) -> 0);
        return this;
    }

    public StackBuilder postgresPort(int port) {
        this.postgresPort = port;
        return this;
    }

    public StackBuilder kafkaPorts(int brokerPort, int controllerPort) {
        this.kafkaPort = brokerPort;
        this.kafkaControllerPort = controllerPort;
        return this;
    }

    /**
     * How many Kafka nodes (default 1): each a broker and a KRaft controller, every one a quorum voter. From 2 nodes on
     * node {@code i} listens on the given ports plus {@code 2(i-1)} (e.g. 19094/19095), and the services create their
     * topics with {@code min(n, 3)} replicas, 2 of them in sync from 3 nodes on (given before any {@link
     * #everyServiceArgs}, which may override it); Kafka's own topics are replicated alike.
     */
    public StackBuilder kafkaBrokers(int brokers) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("brokers must be between 1 and 9, was " + brokers);
        }
        this.kafkaBrokers = brokers;
        return this;
    }

    /**
     * How many instances of each service the stack runs (default 1): the extra ones are {@code <service>-2}, … (their
     * name is their log's and, for a dispatcher, its instance id), launched like the first, on free ports. Instances of
     * a service share its consumer groups, so they split the partitions; the stack's URLs name the first instance.
     */
    public StackBuilder serviceInstances(int instances) {
        if (instances < 1 || instances > 9) {
            throw new IllegalArgumentException("instances must be between 1 and 9, was " + instances);
        }
        this.serviceInstances = instances;
        return this;
    }

    public StackBuilder registryPorts(int httpPort, int managementPort) {
        this.registryPort = httpPort;
        this.registryManagementPort = managementPort;
        return this;
    }

    public StackBuilder sandboxPort(int port) {
        this.sandboxPort = port;
        return this;
    }

    public StackBuilder servicePort(HeraldService service, int port) {
        servicePorts.put(service, port);
        return this;
    }

    /** The service's actuator port (health, the Prometheus scrape); default {@link HeraldService#defaultManagementPort()}. */
    public StackBuilder managementPort(HeraldService service, int port) {
        managementPorts.put(service, port);
        return this;
    }

    /** Which services to start (default all four). */
    public StackBuilder services(Set<HeraldService> services) {
        this.services = services.isEmpty() ? EnumSet.noneOf(HeraldService.class) : EnumSet.copyOf(services);
        return this;
    }

    public StackBuilder services(HeraldService... services) {
        return services(Set.of(services));
    }

    /** Only the infrastructure: PostgreSQL, Kafka, the registry and the sandbox. */
    public StackBuilder withoutServices() {
        return services(Set.of());
    }

    /** Extra {@code --key=value} arguments for a service (they come last, so they win). */
    public StackBuilder serviceArgs(HeraldService service, String... args) {
        serviceArgs.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(args));
        return this;
    }

    /** Arguments every service takes, e.g. the shared {@code --herald.kafka.retry-tiers} they must agree on. */
    public StackBuilder everyServiceArgs(String... args) {
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
    public StackBuilder serviceJvmOptions(HeraldService service, String... jvmOptions) {
        serviceJvmOptions.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(jvmOptions));
        return this;
    }

    /**
     * How many received requests the in-process sandbox keeps (oldest dropped); default
     * {@value ProviderSandbox#DEFAULT_MAX_RECORDS}. A load run keeps few and watches
     * {@link ProviderSandbox#onReceipt} instead.
     */
    public StackBuilder sandboxMaxRecords(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("sandboxMaxRecords must be at least 1, was " + maxRecords);
        }
        this.sandboxMaxRecords = maxRecords;
        return this;
    }

    /** An environment variable for every service (e.g. the credentials the catalog references). */
    public StackBuilder env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * One more bearer token, e.g. a publisher of one tenant to prove tenant isolation: {@code roles} decide which
     * services accept it (PUBLISH ingest, READ audit, SERVICE signer, OPERATOR all); it acts for {@code tenants}
     * ({@code *}: all) and publishes to {@code channels} only (empty: all). Its random value is
     * {@link LocalStack#token(String) token(name)}.
     */
    public StackBuilder token(String name, Set<Role> roles, List<String> tenants, List<String> channels) {
        StackTokens.Token token = StackTokens.extra(name, roles, tenants, channels);
        if (StackTokens.STANDARD.stream().anyMatch(standard -> standard.name().equals(name))
                || tokens.putIfAbsent(name, token) != null) {
            throw new IllegalArgumentException("token '" + name + "' is already defined");
        }
        return this;
    }

    /** An environment variable for one service only (e.g. {@code LD_PRELOAD} to run it on a shifted clock). */
    public StackBuilder serviceEnv(HeraldService service, String name, String value) {
        serviceEnv.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    public StackBuilder env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** The channel catalog file the services read; default {@code <home>/config/channels.yml}. */
    public StackBuilder channelCatalog(Path file) {
        this.channelsFile = file.toAbsolutePath().normalize();
        this.channelsContent = null;
        return this;
    }

    /**
     * The channel catalog as YAML, written to {@code <work>/channels.yml}; {@value LocalStack#SANDBOX_URL_TOKEN} in it
     * becomes the sandbox's base URL (e.g. {@code endpoint: {{sandbox}}/dingtalk/robot/send}).
     */
    public StackBuilder channelCatalogContent(String yaml) {
        this.channelsContent = yaml;
        this.channelsFile = null;
        return this;
    }

    /**
     * Sets the sandbox up beyond the catalog's channels, e.g. {@code s -> s.verifier(DingTalkRobotVerifier.class)
     * .addRobot(token, secret)}; runs once it starts and again after the catalog is served.
     */
    public StackBuilder sandboxSetup(Consumer<ProviderSandbox> setup) {
        sandboxSetups.add(setup);
        return this;
    }

    /** Use this PostgreSQL instead of the embedded one. */
    public StackBuilder externalDatabase(ExternalDatabase database) {
        this.externalDatabase = database;
        return this;
    }

    /** External PostgreSQL when {@code HERALD_DB_URL} is set, else embedded. */
    public StackBuilder databaseFromEnvironment() {
        this.externalDatabase =
                ExternalDatabase.fromEnvironment(System.getenv()).orElse(null);
        return this;
    }

    /** The unpacked Apicurio Registry; default {@code <home>/infra/local-stack/target/apicurio-registry}. */
    public StackBuilder registryDistribution(Path dir) {
        this.registryDistribution = dir.toAbsolutePath().normalize();
        return this;
    }

    /** Classpath of the broker's JVM; default this JVM's, which holds kafka_2.13 and its dependencies. */
    public StackBuilder kafkaClasspath(String classpath) {
        this.kafkaClasspath = classpath;
        return this;
    }

    /** How long each component may take to be ready; default 180 s (four Spring Boot JVMs on two cores). */
    public StackBuilder readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /**
     * Restart a component that dies on its own (a service, an extra dispatcher, the broker, the registry, the
     * embedded PostgreSQL) with this back-off; off by default, so a test that kills one sees it stay down.
     */
    public StackBuilder restartCrashed(RestartPolicy policy) {
        this.restartPolicy = Objects.requireNonNull(policy);
        return this;
    }

    public StackBuilder listener(StackListener listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    /** The broker runs in its own directory: relative classpath entries must not depend on ours. */
    private static String absoluteClasspath(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
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
        if (kafkaBrokers > 1) {
            // first, so an argument given for the service (later on its command line) wins
            for (HeraldService service : HeraldService.values()) {
                serviceArgs
                        .computeIfAbsent(service, s -> new ArrayList<>())
                        .addAll(
                                0,
                                List.of(
                                        "--herald.kafka.replication-factor="
                                                + KafkaNodes.replicationFactor(kafkaBrokers),
                                        "--herald.kafka.min-insync-replicas="
                                                + KafkaNodes.minInsyncReplicas(kafkaBrokers)));
            }
        }
        return new LocalStack(this);
    }
}
