package io.herald.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four Herald services the local stack runs as child processes: where each one's executable jar is,
 * which port it listens on by default and whether it needs the database.
 */
public enum HeraldService {
    INGEST("ingest", 8080, true),
    SIGNER("signer", 8082, false),
    DISPATCHER("dispatcher", 8083, false),
    AUDIT("audit", 8084, true);

    /**
     * The client compiler only, for the services and the broker of the local stack. On a 2-core machine shared by
     * seven JVMs the server compiler's work took 10-15 % of a core per JVM for minutes after each start (the broker
     * ~40 s of compile time in its first minute); without it (docs/performance.md, second pass) the stack is up in
     * 36-44 s instead of 59-65 s, each service's RSS is ~60 MiB lower (all under 300 MiB), and 1,000 notifications/s
     * are sustained where the server-compiled stack fell behind during its warm-up. Once warm, server-compiled code
     * carries ~11 % more: on a machine with cores to spare, add {@code -XX:TieredStopAtLevel=4}.
     */
    public static final String CLIENT_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * The serial collector for the services of the local stack. Their heaps are small (256 MiB), so its
     * stop-the-world young collections are short, and it has none of G1's concurrent marking and refinement threads or
     * its costlier write barriers: with it the pipeline's maximum rate here went from 3,191-3,441/s to 3,308-3,932/s
     * and the p99 at 1,000/s from 137-255 ms to 105-155 ms (docs/performance.md, fifth pass); the initial heap in
     * {@link #JVM_OPTIONS} keeps its memory down. On a machine with cores to spare, G1 is the JDK's choice
     * ({@code -XX:-UseSerialGC -XX:+UseG1GC}: a JVM refuses two collectors).
     */
    public static final String SERIAL_GC = "-XX:+UseSerialGC";

    /**
     * JVM options every service runs with here: {@link #SERIAL_GC}, {@link #CLIENT_COMPILER_ONLY} and a heap that
     * starts at 64 MiB and grows to 256 MiB as needed. Without {@code -Xms} the JVM starts with 1/64 of the machine's
     * memory (capped at {@code -Xmx}: all 256 MiB here) and the serial collector sizes its generations from that: the
     * dispatcher reached 339 MiB RSS in a 30 s maximum-rate run, 302 MiB with it; in 40,000-notification runs the
     * services sit at 207-247 MiB instead of 260-295 MiB, at the same rate (docs/performance.md, fifth pass).
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", SERIAL_GC, CLIENT_COMPILER_ONLY);

    private final String id;
    private final int defaultPort;
    private final boolean usesDatabase;

    HeraldService(String id, int defaultPort, boolean usesDatabase) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.usesDatabase = usesDatabase;
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

    public boolean usesDatabase() {
        return usesDatabase;
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
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown service '" + name + "'; known: " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(HeraldService::id).collect(Collectors.joining(", "));
    }
}
