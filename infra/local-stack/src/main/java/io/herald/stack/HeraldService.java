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
     * The serial collector for the services of the local stack. Their heaps are small, so its stop-the-world young
     * collections are short, and it has none of G1's concurrent marking and refinement threads or its costlier write
     * barriers: with it the pipeline's maximum rate here went from 3,191-3,441/s to 3,308-3,932/s and the p99 at
     * 1,000/s from 137-255 ms to 105-155 ms (docs/performance.md, fifth pass). On a machine with cores to spare, G1 is
     * the JDK's choice ({@code -XX:-UseSerialGC -XX:+UseG1GC}: a JVM refuses two collectors).
     */
    public static final String SERIAL_GC = "-XX:+UseSerialGC";

    /**
     * JVM options every service runs with here, sized so each stays well under 350 MB of RSS under sustained load
     * (docs/performance.md, sixth pass). The compiler is the JVM's default, the server compiler: once warm (after
     * ~30-90 s of load) the pipeline carries 5,121-6,251 notifications/s here against 3,308-3,994/s with the client compiler
     * only ({@code -XX:TieredStopAtLevel=1}, a flatter first minute). Under load the serial collector grows the heap to
     * its maximum whatever the live set (~40 MiB in the dispatcher), and the server compiler's code, its compile arenas
     * and ~60 MiB of class metadata take ~170-190 MiB beside it: with a 160 MiB heap the dispatcher peaked at 347-356
     * MiB, with 128 MiB the services at 303-330 MiB, with 96 MiB and compact object headers (smaller objects, so fewer
     * collections) at 245-299 MiB, at the same rate. Glibc keeps the memory the compiler's arenas free unless trimmed,
     * and NIO caches a direct buffer per thread as large as its largest socket write (12 MiB in all in the dispatcher)
     * unless capped.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx96m", SERIAL_GC,
            "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=2000", "-Djdk.nio.maxCachedBufferSize=262144");

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
