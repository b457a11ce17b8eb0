package io.herald.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One node of the official Apache Kafka in KRaft combined mode (broker + controller) as a child JVM: alone, or one of
 * a {@link KafkaNodes} cluster whose every node is a quorum voter. Writes {@code <dir>/server.properties} and a quiet
 * logback config, formats a fresh {@code <dir>/data} ({@code kafka.tools.StorageTool format}), then runs {@code
 * kafka.Kafka}, both JVMs with an AOT cache the launcher makes ({@link JvmAotCache}); ready when its AdminClient sees
 * this node in the cluster. A restart keeps the formatted data.
 */
final class KafkaBroker extends ChildProcessComponent {

    // The launcher's classpath holds logback (via SLF4J) as well as log4j-core: give the broker a logback
    // config of its own so its log says what matters (start, stop, warnings) and not ~3,000 INFO lines.
    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
              <logger name="org.apache.kafka.common.utils.AppInfoParser" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    /** The JVM options of the broker and its storage tool (system properties aside). */
    private static final List<String> JVM_OPTIONS = jvmOptions();

    private final KafkaNodes nodes;
    private final int nodeId;
    private final Path dir;
    private final int port;
    private final String classpath;
    private final List<String> jvmMarker;
    private final JvmAotCache brokerAot;
    private final JvmAotCache storageToolAot;
    private volatile List<KafkaBroker> cluster = List.of();
    /** A recording is kept only from a broker that got as far as ready, not one stopped while it started. */
    private volatile boolean wasReady;

    /**
     * Node {@code nodeId} (1-based) of {@code nodes}; its files under {@code dir}; its JVM's AOT caches (the broker's,
     * the storage tool's) in {@code aotDir}.
     *
     * @param classpath jars only ({@link KafkaClasspath})
     */
    KafkaBroker(
            KafkaNodes nodes,
            int nodeId,
            Path dir,
            Path log,
            Path runDir,
            List<Path> classpath,
            Path aotDir,
            List<String> jvmMarker) {
        // controlled shutdown of a single combined node takes a few seconds (and writing its AOT cache as many more)
        super(log, runDir, Duration.ofSeconds(30));
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.dir = dir;
        this.port = nodes.port(nodeId);
        this.classpath = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        this.jvmMarker = jvmMarker;
        this.brokerAot = JvmAotCache.of(aotDir, "kafka", JVM_OPTIONS, classpath);
        this.storageToolAot = JvmAotCache.of(aotDir, "kafka-storage-tool", JVM_OPTIONS, classpath);
    }

    /** Every node of its cluster (itself included), so a stop can tell whether a quorum is left. */
    void cluster(List<KafkaBroker> nodes) {
        this.cluster = List.copyOf(nodes);
    }

    /**
     * A controlled shutdown needs the controller quorum to record it: a node left without a majority of running voters
     * would wait out the stop timeout, so it is killed at once instead (its log recovers at the next start).
     */
    @Override
    public boolean stop() {
        long running = cluster.stream().filter(Component::isRunning).count();
        if (nodes.size() > 1 && isRunning() && running * 2 <= nodes.size()) {
            kill();
            brokerAot.exited(false);
            return true;
        }
        boolean killed = super.stop();
        brokerAot.exited(!killed && wasReady);
        return killed;
    }

    /** {@code kafka} for the first node (the only one by default), {@code kafka-2}, {@code kafka-3}, … for the others. */
    @Override
    public String name() {
        return KafkaNodes.name(nodeId);
    }

    /** Every node's listener: a client keeps working while any one of them is down. */
    String bootstrapServers() {
        return nodes.bootstrapServers();
    }

    @Override
    protected Launch prepare() throws IOException, InterruptedException {
        FileTrees.deleteRecursively(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, serverProperties(data));
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, LOGBACK);
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);

        List<String> format = java(logback, storageToolAot);
        format.addAll(
                List.of("kafka.tools.StorageTool", "format", "-t", nodes.clusterId(), "-c", properties.toString()));
        if (nodes.size() == 1) {
            format.add("--standalone"); // a dynamic quorum of this one voter
        } // else the static controller.quorum.voters of the properties
        int exit = ManagedProcess.runToCompletion(format, dir, log, Duration.ofSeconds(60));
        storageToolAot.exited(exit == 0);
        if (exit != 0) {
            throw new IllegalStateException("formatting the log directory failed (exit code " + exit + ")");
        }

        List<String> broker = java(logback, brokerAot);
        broker.addAll(List.of("kafka.Kafka", properties.toString()));
        // appends: the log starts with the format step's lines
        return new Launch(broker, dir, Map.of());
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx512m");
        // the server compiler too (the JVM's default): at ~3,500 notifications/s the client-compiled broker spent 70-90
        // µs of CPU per notification, server-compiled 35 (issue 19, docs/performance.md)
        if (Runtime.version().feature() >= 23) {
            // kafka-clients unmaps buffers through sun.misc.Unsafe; JDK 23+ warns about it in the log
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    private List<String> java(Path logback, JvmAotCache aot) {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.addAll(aot.jvmOptions());
        command.addAll(jvmMarker);
        command.add("-Dlogback.configurationFile=" + logback);
        // log4j-core and log4j-to-slf4j are both on the classpath; route log4j-api to SLF4J quietly
        command.add("-Dlog4j2.provider=org.apache.logging.slf4j.SLF4JProvider");
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private String serverProperties(Path data) {
        int controllerPort = nodes.controllerPort(nodeId);
        String quorum = nodes.size() == 1
                ? "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort
                : "controller.quorum.voters=" + nodes.voters();
        int replication = nodes.replicationFactor();
        int minIsr = nodes.minInsyncReplicas();
        return String.join(
                System.lineSeparator(),
                "# Written by the Herald local stack at each start; the log directory is fresh every time (a restart of",
                "# the broker alone keeps it).",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                quorum,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                // Kafka's own topics (committed offsets first) replicated like Herald's
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "group.initial.rebalance.delay.ms=0",
                // the services create their topics (HeraldKafkaAutoConfiguration); a typo must not make one
                "auto.create.topics.enable=false",
                "");
    }

    /** Ready once registered: this node is among the cluster's (so a topic of replication factor N can be made). */
    @Override
    public void awaitReady(Instant deadline) throws Exception {
        // the port first: an AdminClient started before the broker listens logs a warning per retry
        Polling.until("Kafka at " + address(), deadline, this::checkAlive, () -> listening(port));
        Polling.until("Kafka at " + address(), deadline, this::checkAlive, () -> {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                        .anyMatch(node -> node.id() == nodeId);
            }
        });
        wasReady = true;
    }

    static boolean listening(int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
    }

    /** This node's own listener. */
    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }
}
