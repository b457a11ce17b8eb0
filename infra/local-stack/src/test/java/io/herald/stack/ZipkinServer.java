package io.herald.stack;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Zipkin (its executable jar from Maven Central, copied into {@code target/zipkin} by the build) on a free port,
 * in-memory storage, for tests that follow a notification's trace; {@link #exportTo()} is what the services are told.
 */
final class ZipkinServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final String url;

    private ZipkinServer(Process process, int port) {
        this.process = process;
        this.url = "http://127.0.0.1:" + port;
    }

    static ZipkinServer start(Path home, Path log) throws IOException {
        Path jar = home.resolve("infra/local-stack/target/zipkin/zipkin-server-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Zipkin jar at " + jar + "; build infra/local-stack first");
        }
        int port = Ports.pickFree();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(ManagedProcess.javaExecutable(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("QUERY_PORT", String.valueOf(port), "STORAGE_TYPE", "mem"));
        ZipkinServer zipkin = new ZipkinServer(builder.start(), port);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(zipkin::healthy);
        return zipkin;
    }

    /** The services' settings that export every span here, soon after it ends. */
    Map<String, String> exportTo() {
        return Map.of(
                "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", url + "/api/v2/spans",
                "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0",
                "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "200ms");
    }

    /** Zipkin's page of one trace, {@code {traceId}} standing for its id: what {@code herald.audit.trace-url} takes. */
    String tracePage() {
        return url + "/zipkin/traces/{traceId}";
    }

    /** The spans Zipkin has of one trace (none yet: empty). */
    List<JsonNode> trace(String traceId) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v2/trace/" + traceId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> spans = new ArrayList<>();
        if (answer.statusCode() == 200) {
            JSON.readTree(answer.body()).forEach(spans::add);
        }
        return spans;
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Zipkin exited with " + process.exitValue());
        }
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url + "/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
