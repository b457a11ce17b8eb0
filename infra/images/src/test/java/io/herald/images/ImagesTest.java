package io.herald.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens each image tar the build wrote, as a container runtime would: its config (non-root user, the JVM's container
 * settings, the entrypoint) and its layers unpacked into a root file system, where the JVM and the application's whole
 * class path must be. As root (here and in CI) it also runs them in a chroot: {@code java -version} in every image,
 * the provider sandbox's image answering HTTP, and docker-compose.yml's health check of each image (schemas'
 * {@code HttpProbe} on the image's own class path).
 */
class ImagesTest {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent().getParent();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ingest-service",
                "signer-service",
                "dispatcher-service",
                "audit-service",
                "infra/provider-sandbox"
            })
    void theImageRunsAsNonRootWithContainerJvmSettingsAndHoldsItsWholeClassPath(String module, @TempDir Path root)
            throws Exception {
        Path image = HOME.resolve(module).resolve("target/jib-image.tar");
        assertThat(image).as("the build writes the image (mvn package)").isRegularFile();
        JsonNode config = unpack(image, root);

        assertThat(config.at("/config/User").asString()).isEqualTo("65532:65532");
        List<String> entrypoint = strings(config.at("/config/Entrypoint"));
        assertThat(entrypoint).startsWith("java").contains("-XX:MaxRAMPercentage=40", "-XX:+ExitOnOutOfMemoryError");
        assertThat(strings(config.at("/config/Env"))).contains("JAVA_HOME=/opt/java");
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        for (String entry :
                Files.readString(root.resolve("app/jib-classpath-file")).strip().split(":")) {
            assertThat(root.resolve(entry.substring(1))).as(entry).exists();
        }

        assumeThat(isRoot()).as("chroot needs root").isTrue();
        Process version = chroot(root, List.of("/opt/java/bin/java", "-version"));
        String output = new String(version.getInputStream().readAllBytes());
        assertThat(version.waitFor()).as(output).isZero();
        assertThat(output).contains("Runtime Environment");

        // docker-compose.yml's health check runs in the image: the probe class loads from the image's class path
        List<String> probe = composeHealthcheck(module, "http://127.0.0.1:" + closedPort() + "/");
        Process check = chroot(root, probe);
        String answer = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(answer).isEqualTo(1);
        assertThat(answer).contains("did not answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"infra/provider-sandbox"})
    void theSandboxImageServesHttp(String module, @TempDir Path root) throws Exception {
        JsonNode config = unpack(HOME.resolve(module).resolve("target/jib-image.tar"), root);
        assumeThat(isRoot()).as("chroot needs root").isTrue();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(strings(config.at("/config/Entrypoint")));
        command.set(0, "/opt/java/bin/java");
        command.addAll(List.of("--port", Integer.toString(port)));
        Process sandbox = chroot(root, command);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI requests = URI.create("http://127.0.0.1:" + port + "/_sandbox/requests");
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() ->
                            http.send(HttpRequest.newBuilder(requests).build(), HttpResponse.BodyHandlers.ofString())
                                            .statusCode()
                                    == 200);
            // docker-compose.yml's health check of the sandbox, as the container runs it
            Process check = chroot(root, composeHealthcheck(module, "http://127.0.0.1:" + port + "/_sandbox/health"));
            String answer = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as(answer).isZero();
        } finally {
            // the JVM is unshare's child: end it first, then unshare (which --kill-child also covers)
            sandbox.descendants().forEach(ProcessHandle::destroy);
            sandbox.destroy();
            sandbox.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The health check docker-compose.yml gives the image's (first) service, as a command line in the image ("java"
     * found on the image's PATH), probing {@code url} instead of the service's own.
     */
    private static List<String> composeHealthcheck(String module, String url) throws IOException {
        String artifactId = Path.of(module).getFileName().toString();
        ComposeFile compose = ComposeFile.read(HOME.resolve("docker-compose.yml"));
        String service = compose.services().keySet().stream()
                .filter(s -> compose.image(s).startsWith("herald/" + artifactId + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker-compose.yml runs no herald/" + artifactId));
        List<String> test = new ArrayList<>(compose.healthcheck(service));
        assertThat(test).as(service).startsWith("CMD", "java");
        List<String> command = new ArrayList<>(test.subList(1, test.size()));
        command.set(0, "/opt/java/bin/java");
        int urlAt = command.indexOf(command.stream()
                .filter(a -> a.startsWith("http://"))
                .findFirst()
                .orElseThrow());
        command.set(urlAt, url);
        return command;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Unpacks the layers in order into {@code root}; answers the image's config. */
    private static JsonNode unpack(Path image, Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolveSibling(root.getFileName() + "-tar"));
        run(List.of("tar", "-xf", image.toString(), "-C", dir.toString()));
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "-xzf", dir.resolve(layer.asString()).toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        // a runtime's root file system is world-readable; JUnit's temporary directory is not
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return JSON.readTree(dir.resolve(manifest.get("Config").asString()).toFile());
    }

    /** The command as user 65532 in {@code root}, with /proc mounted as a container runtime does. */
    private static Process chroot(Path root, List<String> command) throws IOException {
        List<String> line = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--fork",
                "--kill-child",
                "sh",
                "-c",
                "mount -t proc proc \"$0/proc\" && exec chroot --userspec=65532:65532 \"$0\" \"$@\"",
                root.toString()));
        line.addAll(command);
        return new ProcessBuilder(line).redirectErrorStream(true).start();
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        return new String(id.getInputStream().readAllBytes()).strip().equals("0") && id.waitFor() == 0;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }
}
