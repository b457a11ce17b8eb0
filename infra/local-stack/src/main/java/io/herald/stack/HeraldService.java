package io.herald.stack;

import java.nio.file.Path;
import java.util.Arrays;
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
