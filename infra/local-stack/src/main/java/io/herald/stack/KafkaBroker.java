package io.herald.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The official Apache Kafka broker as a child JVM in KRaft combined mode (broker + controller, one node): writes
 * {@code <dir>/server.properties} and a quiet logback config, formats a fresh {@code <dir>/data} with
 * {@code kafka.tools.StorageTool format --standalone}, then runs {@code kafka.Kafka}; ready when an AdminClient's
 * describeCluster answers. A restart runs it again on the same formatted data: the same cluster id, topics, records and
 * committed offsets (after a crash the broker first recovers its logs).
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

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final List<String> jvmMarker;

    KafkaBroker(
            Path dir, Path log, Path runDir, int port, int controllerPort, String classpath, List<String> jvmMarker) {
        // controlled shutdown of a single combined node takes a few seconds
        super(log, runDir, Duration.ofSeconds(30));
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.jvmMarker = jvmMarker;
    }

    @Override
    public String name() {
        return "kafka";
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
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

        String clusterId = Uuid.randomUuid().toString();
        List<String> format = java(logback);
        format.addAll(List.of(
                "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c", properties.toString()));
        int exit = ManagedProcess.runToCompletion(format, dir, log, Duration.ofSeconds(60));
        if (exit != 0) {
            throw new IllegalStateException("formatting the log directory failed (exit code " + exit + ")");
        }

        List<String> broker = java(logback);
        broker.addAll(List.of("kafka.Kafka", properties.toString()));
        // appends: the log starts with the format step's lines
        return new Launch(broker, dir, Map.of());
    }

    private List<String> java(Path logback) {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.add("-Xmx512m");
        // the client compiler only: measured with it, the same pipeline throughput, less broker CPU, a faster start
        command.add("-XX:TieredStopAtLevel=1");
        if (Runtime.version().feature() >= 23) {
            // kafka-clients unmaps buffers through sun.misc.Unsafe; JDK 23+ warns about it in the log
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmMarker);
        command.add("-Dlogback.configurationFile=" + logback);
        // log4j-core and log4j-to-slf4j are both on the classpath; route log4j-api to SLF4J quietly
        command.add("-Dlog4j2.provider=org.apache.logging.slf4j.SLF4JProvider");
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private String serverProperties(Path data) {
        return String.join(
                System.lineSeparator(),
                "# Written by the Herald local stack at each start; the log directory is fresh every time (a restart of",
                "# the broker alone keeps it).",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // the services create their topics (HeraldKafkaAutoConfiguration); a typo must not make one
                "auto.create.topics.enable=false",
                "");
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        // the port first: an AdminClient started before the broker listens logs a warning per retry
        Polling.until("Kafka at " + bootstrapServers(), deadline, this::checkAlive, () -> listening(port));
        Polling.until("Kafka at " + bootstrapServers(), deadline, this::checkAlive, () -> {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    static boolean listening(int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
    }

    @Override
    public String address() {
        return bootstrapServers();
    }
}
