package io.herald.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import io.herald.contract.health.HttpProbe;
import io.herald.contract.provider.Provider;
import io.herald.sandbox.CatalogRegistration;
import io.herald.sandbox.ProviderSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks {@code docker-compose.yml} without a Docker engine: against the Compose Specification's JSON schema (and
 * docker-compose 1.29's own {@code config} where it is installed), against the settings each Herald service documents
 * in its configuration metadata, and for what a user relies on: health checks, memory limits, scalable dispatchers, the
 * images the build writes, a demo channel on the sandbox for every provider, and no secret in the file.
 */
class ComposeFileTest {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent().getParent();
    private static final Path COMPOSE = HOME.resolve("docker-compose.yml");
    private static final Path DEBIAN_SCHEMA =
            Path.of("/usr/lib/python3/dist-packages/compose/config/compose_spec.json");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    private static final List<String> TOKENS =
            List.of("HERALD_PUBLISH_TOKEN", "HERALD_READ_TOKEN", "HERALD_OPERATOR_TOKEN", "HERALD_SERVICE_TOKEN");
    private static final Pattern SETTING = Pattern.compile("(HERALD|SPRING|MANAGEMENT|LOGGING|SERVER)_.*");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?!.*ACTIVE_KEY$).*(SECRET|TOKEN|PASSWORD|_KEY|_KEYS_.*)$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ComposeFile compose = read();

    @Test
    void theFileIsValidAgainstTheComposeSpecificationAndHasNoTopLevelName() throws Exception {
        assertThat(schemaErrors(compose)).isEmpty();
        assertThat(compose.root())
                .as("docker-compose 1.29 refuses a top-level name")
                .doesNotContainKey("name");
    }

    @Test
    void theSchemaReportsWhatTheSpecificationDoesNotAllow() throws Exception {
        ComposeFile wrong = ComposeFile.parse("""
                services:
                  ingest:
                    image: herald/ingest-service:0.1.0-SNAPSHOT
                    healtcheck:
                      test: ["CMD", "true"]
                    mem_limit: [512m]
                """, HOME);
        assertThat(schemaErrors(wrong))
                .anySatisfy(e -> assertThat(e).contains("healtcheck"))
                .anySatisfy(e -> assertThat(e).contains("mem_limit"));
    }

    @Test
    void theSchemaIsTheOneDockerCompose129Ships() throws Exception {
        assumeThat(Files.isRegularFile(DEBIAN_SCHEMA))
                .as("Debian's docker-compose package is not installed: cannot compare with " + DEBIAN_SCHEMA)
                .isTrue();
        try (InputStream copy = schemaStream()) {
            assertThat(copy.readAllBytes()).isEqualTo(Files.readAllBytes(DEBIAN_SCHEMA));
        }
    }

    @Test
    void dockerCompose129AcceptsTheFileAndRefusesToStartWithoutATokenNamingIt() throws Exception {
        assumeThat(Files.isExecutable(DOCKER_COMPOSE))
                .as("/usr/bin/docker-compose is not installed (Debian: apt-get install docker-compose): the"
                        + " compose CLI's own check is skipped; the schema check still ran")
                .isTrue();
        Map<String, String> tokens = new HashMap<>();
        TOKENS.forEach(t -> tokens.put(t, "dummy-" + t.toLowerCase()));
        ProcessResult ok = dockerCompose(tokens, "config", "-q");
        assertThat(ok.code()).as(ok.output()).isZero();

        tokens.remove("HERALD_READ_TOKEN");
        ProcessResult missing = dockerCompose(tokens, "config", "-q");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.output()).contains("set HERALD_READ_TOKEN");
    }

    @Test
    void everySettingOfAHeraldServiceIsOneThatServiceKnows() throws Exception {
        Map<String, List<String>> unknown = new TreeMap<>();
        for (String service : heraldServices(compose)) {
            List<String> names = unknownSettings(compose, service);
            if (!names.isEmpty()) {
                unknown.put(service, names);
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void aMisspeltSettingIsReported() throws Exception {
        ComposeFile typo = ComposeFile.parse("""
                services:
                  ingest:
                    image: herald/ingest-service:0.1.0-SNAPSHOT
                    command: ["--server.port=8080", "--server.prot=8081"]
                    environment:
                      HERALD_KAFKA_REGISTRY_URL: http://registry:8080/apis/registry/v3
                      HERALD_KAFKA_REGISTERY_URL: http://registry:8080/apis/registry/v3
                      SPRING_KAFKA_BOOTSTRAP_SERVER: kafka:9092
                      MANAGEMENT_TRACING_SAMPLING_PROBABILTY: "1.0"
                      HERALD_SECURITY_TOKENS_OPERATOR_SECRET: env:HERALD_OPERATOR_TOKEN
                      HERALD_OPERATOR_TOKEN: only-referenced
                      HERALD_OPERATOR_TOKN: referenced-by-nobody
                """, HOME);
        assertThat(unknownSettings(typo, "ingest"))
                .containsExactlyInAnyOrder(
                        "--server.prot",
                        "HERALD_KAFKA_REGISTERY_URL",
                        "SPRING_KAFKA_BOOTSTRAP_SERVER",
                        "MANAGEMENT_TRACING_SAMPLING_PROBABILTY",
                        "HERALD_OPERATOR_TOKN");
    }

    @Test
    void everyReferenceResolvesInTheContainerThatResolvesIt() throws Exception {
        for (String service : compose.services().keySet()) {
            Map<String, String> environment = compose.containerEnvironment(service);
            for (String value : environment.values()) {
                for (String reference : ComposeFile.references(value)) {
                    assertThat(environment).as(service + ": " + value).containsKey(reference);
                }
            }
            for (Path file : compose.envFilePaths(service)) {
                assertThat(file).as(service + "'s env_file").isRegularFile();
            }
        }
        // the catalog's credentials: the signer signs with them, the sandbox verifies with them
        List<String> credentials = ComposeFile.references(Files.readString(catalog()));
        assertThat(credentials).isNotEmpty();
        for (String service : List.of("signer", "sandbox")) {
            assertThat(compose.containerEnvironment(service))
                    .as(service)
                    .containsKeys(credentials.toArray(String[]::new));
        }
    }

    @Test
    void everyServiceHasAHealthCheckAndAMemoryLimit() throws Exception {
        for (String service : compose.services().keySet()) {
            Map<String, Object> definition = compose.service(service);
            assertThat(compose.healthcheck(service))
                    .as(service + " healthcheck")
                    .isNotEmpty();
            assertThat(String.valueOf(definition.get("mem_limit")))
                    .as(service + " mem_limit")
                    .matches("\\d+[mg]");
        }
    }

    @Test
    void theHeraldImagesCheckTheirHealthWithTheProbeOnTheirOwnClassPathAndPort() throws Exception {
        for (String service : compose.services().keySet()) {
            if (!compose.image(service).startsWith("herald/")) {
                continue;
            }
            List<String> test = compose.healthcheck(service);
            assertThat(test).as(service).startsWith("CMD", "java").contains(HttpProbe.class.getName());
            assertThat(test.get(test.indexOf("-cp") + 1)).as(service).isEqualTo(imageClassPath(service));
            String url = test.get(test.indexOf(HttpProbe.class.getName()) + 1);
            assertThat(url).as(service).isEqualTo(expectedHealthUrl(service));
        }
    }

    @Test
    void noDispatcherPublishesAHostPortSoEachSetScales() {
        List<String> dispatchers = dispatchers(compose);
        assertThat(dispatchers).hasSizeGreaterThan(1);
        for (String service : dispatchers) {
            assertThat(compose.ports(service)).as(service).isEmpty();
            assertThat(compose.service(service)).as(service).doesNotContainKey("container_name");
        }
    }

    @Test
    void everyImageIsOneTheBuildWritesUnderItsName() throws Exception {
        String version = projectVersion();
        for (String service : compose.services().keySet()) {
            String image = compose.image(service);
            if (!image.startsWith("herald/")) {
                assertThat(image).as(service + ": a pinned third-party image").matches("[a-z0-9/_.-]+:[0-9][^:]*");
                continue;
            }
            String artifactId = image.substring("herald/".length(), image.indexOf(':'));
            assertThat(image.substring(image.indexOf(':') + 1)).as(service).isEqualTo(version);
            Path module = module(artifactId);
            assertThat(Files.readString(module.resolve("pom.xml")))
                    .as(module + " builds an image")
                    .contains("<herald.image.skip>false</herald.image.skip>");
            // the build's record of the image, where this module was packaged with its image
            Path written = module.resolve("target/jib-image.json");
            if (Files.exists(written)) {
                assertThat(JSON.readTree(written.toFile()).path("image").asString())
                        .as(written.toString())
                        .isEqualTo(image);
            }
        }
    }

    @Test
    void everyProviderHasADemoChannelOnTheSandboxAndExactlyOneDispatcherSetAsInKubernetes() throws Exception {
        Set<String> providers =
                new TreeSet<>(Provider.all().stream().map(Provider::id).toList());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) ((Map<String, Object>) new Yaml()
                        .<Map<String, Object>>load(Files.readString(catalog()))
                        .get("herald"))
                .get("channels");
        assertThat(channels.values().stream().map(c -> String.valueOf(c.get("provider"))))
                .containsAll(providers);

        Map<String, List<String>> composeSets = new TreeMap<>();
        for (String service : dispatchers(compose)) {
            composeSets.put(service, argument(compose.command(service), "herald.dispatcher.providers"));
        }
        List<String> served =
                composeSets.values().stream().flatMap(List::stream).toList();
        assertThat(served).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(providers);
        assertThat(composeSets).isEqualTo(kubernetesSets());
    }

    @Test
    void theSandboxServesEveryDemoChannelWithTheDemoCredentials() throws Exception {
        Map<String, String> environment = compose.containerEnvironment("sandbox");
        List<String> command = compose.command("sandbox");
        URI baseUrl = URI.create(command.get(command.indexOf("--base-url") + 1));
        assertThat(command.get(command.indexOf("--channels") + 1)).isEqualTo("/config/channels.yml");
        try (ProviderSandbox sandbox = ProviderSandbox.start(0, Clock.systemUTC())) {
            CatalogRegistration registration = sandbox.registerCatalogContent(
                    Files.readString(catalog()), "config/compose/channels.yml", environment::get, baseUrl);
            assertThat(registration.ignored()).isEmpty();
            assertThat(new TreeSet<>(registration.served().values()))
                    .containsExactlyInAnyOrderElementsOf(
                            Provider.all().stream().map(Provider::id).toList());
        }
    }

    @Test
    void noSecretIsWrittenInTheComposeFile() throws Exception {
        assertThat(secretsIn(compose, Files.readString(COMPOSE))).isEmpty();
        ComposeFile inline = ComposeFile.parse("""
                services:
                  signer:
                    image: herald/signer-service:0.1.0-SNAPSHOT
                    environment:
                      HERALD_SEALING_KEY: ZGVtby1zZWFsaW5nLWtleS1yZXBsYWNlLWl0LTMyYnk=
                      HERALD_SEALING_ACTIVE_KEY: local
                      HERALD_SECURITY_TOKENS_OPERATOR_SECRET: env:HERALD_OPERATOR_TOKEN
                      HERALD_OPERATOR_TOKEN: ${HERALD_OPERATOR_TOKEN:?set it}
                      SOME_OPTION: whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ0Mg
                """, HOME);
        assertThat(secretsIn(inline, ""))
                .containsExactlyInAnyOrder("signer: HERALD_SEALING_KEY", "signer: SOME_OPTION");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static ComposeFile read() {
        try {
            return ComposeFile.read(COMPOSE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream schemaStream() {
        return ComposeFileTest.class.getResourceAsStream("/compose/compose_spec.json");
    }

    private static List<String> schemaErrors(ComposeFile file) throws IOException {
        // the schema still names its parts with draft-04's "id", which 2019-09 reads as an annotation
        Dialect dialect = Dialect.builder(Dialects.getDraft201909())
                .keyword(new AnnotationKeyword("id"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect);
        Schema schema;
        try (InputStream in = schemaStream()) {
            schema = registry.getSchema(in);
        }
        JsonNode document = JSON.valueToTree(file.root());
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    private static Path catalog() {
        return HOME.resolve("config/compose/channels.yml");
    }

    /** The settings of one Herald service that neither its metadata knows nor an {@code env:} reference explains. */
    private static List<String> unknownSettings(ComposeFile file, String service) throws IOException {
        KnownSettings known = KnownSettings.of(executableJar(file.image(service)));
        assertThat(known.size()).as("metadata read").isGreaterThan(100);
        Map<String, String> environment = file.containerEnvironment(service);
        Set<String> referenced = new TreeSet<>();
        environment.values().forEach(v -> referenced.addAll(ComposeFile.references(v)));
        file.command(service).forEach(a -> referenced.addAll(ComposeFile.references(a)));
        referenced.addAll(ComposeFile.references(Files.readString(catalog())));
        List<String> unknown = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (SETTING.matcher(name).matches() && !known.knowsVariable(name) && !referenced.contains(name)) {
                unknown.add(name);
            }
        }
        for (String argument : file.command(service)) {
            if (argument.startsWith("--")) {
                String key = argument.substring(2).split("=", 2)[0];
                if (!known.knowsArgument(key)) {
                    unknown.add("--" + key);
                }
            }
        }
        return unknown;
    }

    private static Path executableJar(String image) {
        String artifactId = image.substring("herald/".length(), image.indexOf(':'));
        Path jar = module(artifactId).resolve("target/" + artifactId + "-exec.jar");
        assertThat(jar).as("the build writes the service's jar (mvn package)").isRegularFile();
        return jar;
    }

    private static List<String> heraldServices(ComposeFile file) {
        return file.services().keySet().stream()
                .filter(s -> file.image(s).matches("herald/[a-z-]+-service:.*"))
                .toList();
    }

    private static List<String> dispatchers(ComposeFile file) {
        return file.services().keySet().stream()
                .filter(s -> file.image(s).startsWith("herald/dispatcher-service:"))
                .toList();
    }

    private static List<String> argument(List<String> arguments, String key) {
        return arguments.stream()
                .filter(a -> a.startsWith("--" + key + "="))
                .flatMap(a -> List.of(a.substring(a.indexOf('=') + 1).split(",")).stream())
                .toList();
    }

    /** dispatcher-chat → its providers, from infra/k8s/base/dispatcher-*.yaml (herald-dispatcher-chat). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> kubernetesSets() throws IOException {
        Map<String, List<String>> sets = new TreeMap<>();
        try (var files = Files.list(HOME.resolve("infra/k8s/base"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("dispatcher-.*\\.yaml"))
                    .toList()) {
                Map<String, Object> deployment = (Map<String, Object>)
                        new Yaml().loadAll(Files.readString(file)).iterator().next();
                Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
                Map<String, Object> pod =
                        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
                List<String> args = (List<String>) ((List<Map<String, Object>>) pod.get("containers"))
                        .getFirst()
                        .get("args");
                String name = String.valueOf(((Map<String, Object>) deployment.get("metadata")).get("name"));
                sets.put(name.replace("herald-", ""), argument(args, "herald.dispatcher.providers"));
            }
        }
        return sets;
    }

    private static String expectedHealthUrl(String service) throws IOException {
        ComposeFile file = read();
        String image = file.image(service);
        if (image.startsWith("herald/provider-sandbox:")) {
            List<String> command = file.command(service);
            return "http://127.0.0.1:" + command.get(command.indexOf("--port") + 1) + "/_sandbox/health";
        }
        String artifactId = image.substring("herald/".length(), image.indexOf(':'));
        String port = file.containerEnvironment(service).get("MANAGEMENT_SERVER_PORT");
        if (port == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> yaml =
                    new Yaml().load(Files.readString(module(artifactId).resolve("src/main/resources/application.yml")));
            @SuppressWarnings("unchecked")
            Map<String, Object> server =
                    (Map<String, Object>) ((Map<String, Object>) yaml.get("management")).get("server");
            port = String.valueOf(server.get("port"));
        }
        return "http://127.0.0.1:" + port + "/actuator/health/readiness";
    }

    /** The {@code -cp} of the image's entrypoint, where its tar is built; Jib's argument file otherwise. */
    private static String imageClassPath(String service) throws Exception {
        String image = read().image(service);
        Path tar =
                module(image.substring("herald/".length(), image.indexOf(':'))).resolve("target/jib-image.tar");
        if (!Files.exists(tar)) {
            return "@/app/jib-classpath-file";
        }
        JsonNode manifest = JSON.readTree(untar(tar, "manifest.json")).get(0);
        JsonNode config = JSON.readTree(untar(tar, manifest.get("Config").asString()));
        List<String> entrypoint = new ArrayList<>();
        config.at("/config/Entrypoint").forEach(n -> entrypoint.add(n.asString()));
        return entrypoint.get(entrypoint.indexOf("-cp") + 1);
    }

    private static byte[] untar(Path tar, String entry) throws Exception {
        Process process = new ProcessBuilder("tar", "-xOf", tar.toString(), entry).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as("tar " + entry).isZero();
        return bytes;
    }

    private static Path module(String artifactId) {
        for (Path candidate :
                List.of(HOME.resolve(artifactId), HOME.resolve("infra").resolve(artifactId))) {
            if (Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new AssertionError("no module " + artifactId + " builds this image");
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>herald</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(HOME.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    /** Secret-named variables with a literal value, and anything shaped like a key or a token in {@code text}. */
    private static List<String> secretsIn(ComposeFile file, String text) {
        List<String> found = new ArrayList<>();
        Pattern shape = Pattern.compile("whsec_|\\bSEC[0-9a-f]{16,}|\\bAKID\\w{10,}|\\bLTAI\\w{10,}");
        for (String service : file.services().keySet()) {
            for (Map.Entry<String, String> entry : file.environment(service).entrySet()) {
                String value = entry.getValue() == null ? "" : entry.getValue();
                boolean literal = !value.startsWith("env:") && !value.matches("\\$\\{[A-Z_]+:\\?[^}]*}");
                boolean keyLike = value.matches(".*[A-Za-z0-9+/]{24,}={0,2}.*") && value.matches(".*\\d.*");
                if ((SECRET_NAME.matcher(entry.getKey()).matches() && literal)
                        || shape.matcher(value).find()
                        || (keyLike && !value.contains("/") && !value.contains(" "))) {
                    found.add(service + ": " + entry.getKey());
                }
            }
        }
        Matcher shaped = shape.matcher(text);
        while (shaped.find()) {
            found.add("text: " + shaped.group());
        }
        return found;
    }

    private record ProcessResult(int code, String output) {}

    private static ProcessResult dockerCompose(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-f", COMPOSE.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        TOKENS.forEach(builder.environment()::remove);
        builder.environment().putAll(new LinkedHashMap<>(environment));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("docker-compose ended")
                .isTrue();
        return new ProcessResult(process.exitValue(), output);
    }
}
