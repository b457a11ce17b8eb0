package io.herald.stack;

import io.herald.contract.security.Role;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place that says how the local stack launches each service (one line each): its name, default port, the
 * role of the tokens it accepts and the parts of the stack it is wired to ({@link ServiceWire}); every service runs
 * its executable jar with {@link #JVM_OPTIONS}, {@code --server.port}, {@code --management.server.port} and is ready
 * when {@link #HEALTH_PATH} on its management port says UP.
 * {@link ServiceLaunch} reads it; nothing else decides per service.
 */
public enum HeraldService {
    INGEST("ingest", 8080, 9080, Role.PUBLISH, ServiceWire.KAFKA, ServiceWire.DATABASE),
    SIGNER(
            "signer",
            8082,
            9082,
            Role.SERVICE,
            ServiceWire.KAFKA,
            ServiceWire.SEALING_KEY,
            ServiceWire.CHANNEL_SECRETS_KEY),
    DISPATCHER("dispatcher", 8083, 9083, null, ServiceWire.KAFKA, ServiceWire.SEALING_KEY, ServiceWire.SIGNER),
    AUDIT(
            "audit",
            8084,
            9084,
            Role.READ,
            ServiceWire.KAFKA,
            ServiceWire.DATABASE,
            ServiceWire.SIGNER_FOR_AUDIT,
            ServiceWire.OPERATORS);

    /** On the management port: answers 200 with {@code "status":"UP"} once the service is ready (no credential). */
    static final String HEALTH_PATH = "/actuator/health";

    /**
     * JVM options every service runs with here, on a 2-core machine shared by seven JVMs; measured in
     * docs/performance-history.md (fifth and sixth passes), where the numbers are.
     * <ul>
     *   <li>The server compiler (the JVM's default): slower through the first ~30-90 s of load, ~40 % more
     *       throughput once warm than with the client compiler only ({@code -XX:TieredStopAtLevel=1}).
     *   <li>The serial collector: short pauses on small heaps, none of G1's concurrent threads and barriers, which the
     *       other processes pay for here ({@code -XX:-UseSerialGC -XX:+UseG1GC} brings G1 back).
     *   <li>A 96 MiB heap with compact object headers: under sustained load the serial collector grows the heap to
     *       its maximum whatever the live set (~40 MiB in the dispatcher), and code, compiler arenas and class metadata
     *       take ~170-190 MiB beside it, so the maximum is what keeps each service under 350 MB of RSS.
     *   <li>Freed native memory trimmed every 2 s (glibc keeps what the compiler's arenas free) and NIO's per-thread
     *       direct-buffer cache capped (it keeps a buffer as large as each thread's largest socket write).
     *   <li>Exit on the first {@code OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}, exit code 3): an
     *       {@code OutOfMemoryError} can kill any thread (Tomcat's acceptor, the Kafka producer's sender, a listener
     *       container) and leave a service that still says UP but no longer works; exiting lets the supervisor restart it
     *       (it reports "out of memory" as the last exit) and lets Kafka hand its partitions to the rest of its group.
     * </ul>
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-XX:+UseCompactObjectHeaders",
            "-XX:TrimNativeHeapInterval=2000",
            "-Djdk.nio.maxCachedBufferSize=262144",
            "-XX:+ExitOnOutOfMemoryError");

    private final String id;
    private final int defaultPort;
    private final int defaultManagementPort;
    private final Role acceptedRole;
    private final List<ServiceWire> wires;

    HeraldService(String id, int defaultPort, int defaultManagementPort, Role acceptedRole, ServiceWire... wires) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.defaultManagementPort = defaultManagementPort;
        this.acceptedRole = acceptedRole;
        this.wires = List.of(wires);
    }

    /** Short name used on the command line, in logs and in {@link LocalStack#httpUrl(String)}: {@code ingest}. */
    public String id() {
        return id;
    }

    /** Maven module directory under the repository root: {@code ingest-service}. */
    public String module() {
        return id + "-service";
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Its actuator's port (health, the Prometheus scrape), as its {@code application.yml} says: {@code 9080}. */
    public int defaultManagementPort() {
        return defaultManagementPort;
    }

    /** The name of its management port in {@link LocalStack#ports()}: {@code ingest management}. */
    String managementPortName() {
        return id + " management";
    }

    public boolean usesDatabase() {
        return wires.contains(ServiceWire.DATABASE);
    }

    /** The role whose tokens it accepts besides OPERATOR (none: the dispatcher has no door for callers). */
    Optional<Role> acceptedRole() {
        return Optional.ofNullable(acceptedRole);
    }

    /** What it connects to, in the order its arguments come. */
    List<ServiceWire> wires() {
        return wires;
    }

    /** {@link #JVM_OPTIONS}: one list for every service and every scaled instance. */
    List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    String portArgument(int port) {
        return "--server.port=" + port;
    }

    String managementPortArgument(int port) {
        return "--management.server.port=" + port;
    }

    /** {@code <home>/<svc>-service/target/<svc>-service-exec.jar}, the Spring Boot executable jar. */
    public Path executableJar(Path home) {
        return home.resolve(module()).resolve("target").resolve(module() + "-exec.jar");
    }

    /** Accepts {@code ingest} or {@code ingest-service}, any case. */
    public static HeraldService byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replaceFirst("-service$", "");
        return Arrays.stream(values())
                .filter(s -> s.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "'; known: " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(HeraldService::id).collect(Collectors.joining(", "));
    }
}
