package io.herald.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Apicurio Registry 3 (the Quarkus distribution unpacked into {@code infra/local-stack/target}) as a child JVM on
 * 127.0.0.1, its files under the work dir. Storage is an H2 file under {@code <dir>/storage}, fresh at every stack
 * start and kept when the registry alone restarts: the records on Kafka name their schemas by its ids, which in-memory
 * storage would forget and hand out again. Once ready it sets the global COMPATIBILITY rule to BACKWARD and reads it
 * back: Herald's schemas evolve only additively, and the registry is what enforces that.
 */
final class SchemaRegistry extends ChildProcessComponent {

    static final String COMPATIBILITY = "BACKWARD";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path distribution;
    private final Path dir;
    private final int port;
    private final int managementPort;
    /**
     * Its heap, and the client compiler only: ready in about half the time and CPU (measured 3.2 s and 3.7 s of CPU
     * against 7.3 s and 6.7 s, which the services starting beside it paid for); the serdes cache what they ask it.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    private final List<String> jvmMarker;
    private final Path aotDir;
    private volatile JvmAotCache aot = JvmAotCache.off();
    /** A recording is kept only from a registry that got as far as ready, not one stopped while it started. */
    private volatile boolean wasReady;

    /** @param aotDir where its JVM's AOT cache goes ({@link JvmAotCache}) */
    SchemaRegistry(
            Path distribution,
            Path dir,
            Path log,
            Path runDir,
            int port,
            int managementPort,
            Path aotDir,
            List<String> jvmMarker) {
        // a few seconds to stop, and as many more when it writes its AOT cache as it exits
        super(log, runDir, Duration.ofSeconds(30));
        this.distribution = distribution;
        this.dir = dir;
        this.port = port;
        this.managementPort = managementPort;
        this.aotDir = aotDir;
        this.jvmMarker = jvmMarker;
    }

    @Override
    public String name() {
        return "registry";
    }

    /** Base URL: {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The core v3 API the serdes talk to. */
    String apiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Override
    protected Launch prepare() throws IOException {
        Path jar = distribution.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + jar
                    + "; rebuild it: ./mvnw -B -q -pl infra/local-stack clean install -DskipTests");
        }
        FileTrees.deleteRecursively(dir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path vertxCache = Files.createDirectories(dir.resolve("vertx-cache"));
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        aot = JvmAotCache.of(aotDir, "registry", JVM_OPTIONS, jars(jar));
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.addAll(aot.jvmOptions());
        command.addAll(jvmMarker);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Dvertx.cacheDirBase=" + vertxCache);
        command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + storage.resolve("registry"));
        command.add("-jar");
        command.add(jar.toString());
        return new Launch(command, dir, Map.of());
    }

    /** {@code quarkus-run.jar} and every jar of the distribution it loads. */
    private List<Path> jars(Path runJar) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(runJar));
        try (Stream<Path> files = Files.walk(distribution.resolve("lib"))) {
            files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        return jars;
    }

    @Override
    public boolean stop() {
        boolean killed = super.stop();
        aot.exited(!killed && wasReady);
        return killed;
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until(
                "Apicurio Registry at " + baseUrl(),
                deadline,
                this::checkAlive,
                () -> Http.get(managementUrl() + "/health/ready").status() == 200
                        && Http.get(apiUrl() + "/system/info").status() == 200);
        setGlobalCompatibility();
        wasReady = true;
    }

    private void setGlobalCompatibility() throws IOException, InterruptedException {
        String rule = "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + COMPATIBILITY + "\"}";
        Http.Response created = Http.postJson(apiUrl() + "/admin/rules", rule);
        if (created.status() == 409) { // already there (e.g. persistent storage): update it
            created = Http.putJson(apiUrl() + "/admin/rules/COMPATIBILITY", rule);
        }
        if (!created.ok()) {
            throw new IllegalStateException(
                    "setting the global COMPATIBILITY rule failed: HTTP " + created.status() + " " + created.body());
        }
        Http.Response read = Http.get(apiUrl() + "/admin/rules/COMPATIBILITY");
        JsonNode config = read.ok() ? JSON.readTree(read.body()).path("config") : null;
        if (config == null || !COMPATIBILITY.equals(config.asString())) {
            throw new IllegalStateException("the global COMPATIBILITY rule reads back as HTTP " + read.status() + " "
                    + read.body() + ", expected " + COMPATIBILITY);
        }
    }

    @Override
    public String address() {
        return baseUrl();
    }
}
