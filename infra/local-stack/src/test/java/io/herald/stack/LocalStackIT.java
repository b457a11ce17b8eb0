package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The infrastructure half of the local stack, for real: embedded PostgreSQL 17, the Kafka broker and Apicurio
 * Registry as child processes, the sandbox in this JVM, all on free ports and without the services. The last
 * test closes the stack and checks that no process it started outlives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private LocalStack stack;

    @BeforeAll
    void startInfrastructure() {
        Path home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/local-stack-it"))
                .freePorts()
                .withoutServices()
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot("it-token", "SECit-secret"))
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
    }

    @AfterAll
    void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyComponentIsUpInStartOrder() {
        assertThat(stack.components())
                .extracting(ComponentState::name)
                .containsExactly("postgres", "kafka", "registry", "sandbox");
        assertThat(stack.components()).allMatch(ComponentState::running);
        assertThat(stack.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(stack.registryUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/registry/v3");
        // free ports, not the defaults a developer's `herald up` may be using
        assertThat(stack.ports().get("kafka")).isNotEqualTo(19092);
    }

    @Test
    @Order(2)
    void brokerCreatesAndListsATopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("it.local-stack", 3, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);

            assertThat(topics).contains("it.local-stack");
            assertThat(admin.describeTopics(List.of("it.local-stack"))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get("it.local-stack")
                            .partitions())
                    .hasSize(3);
        }
    }

    @Test
    @Order(3)
    void registryTakesAvroSchemasThroughTheConfluentApiAndRefusesIncompatibleOnes() throws Exception {
        String subjects = stack.registryBaseUrl() + "/apis/ccompat/v7/subjects/it-value/versions";
        String v1 = schema("""
                {"type":"record","name":"Greeting","namespace":"it","fields":[{"name":"text","type":"string"}]}""");
        String additive = schema("""
                {"type":"record","name":"Greeting","namespace":"it","fields":[{"name":"text","type":"string"},
                 {"name":"lang","type":"string","default":"en"}]}""");
        String breaking = schema("""
                {"type":"record","name":"Greeting","namespace":"it","fields":[{"name":"text","type":"string"},
                 {"name":"lang","type":"string","default":"en"},{"name":"sender","type":"string"}]}""");

        HttpResponse<String> registered = post(subjects, v1);
        HttpResponse<String> evolved = post(subjects, additive);
        HttpResponse<String> refused = post(subjects, breaking);

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.body()).containsPattern("\"id\"\\s*:\\s*\\d+");
        assertThat(evolved.statusCode()).as(evolved.body()).isEqualTo(200);
        // a new field without a default cannot read old records: BACKWARD says no
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(get(stack.registryBaseUrl() + "/apis/ccompat/v7/config").body())
                .contains("\"compatibilityLevel\":\"BACKWARD\"");
        assertThat(get(stack.registryUrl() + "/admin/rules/COMPATIBILITY").body())
                .contains("\"config\":\"BACKWARD\"");
    }

    @Test
    @Order(4)
    void postgresIsVersion17AndHasTheHeraldDatabase() throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select version(), current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).startsWith("PostgreSQL 17.");
            assertThat(result.getString(2)).isEqualTo("herald");
        }
        assertThat(stack.embeddedDatabase()).isTrue();
    }

    @Test
    @Order(5)
    void sandboxAnswersWithTheRobotRegistered() throws Exception {
        HttpResponse<String> requests = get(stack.sandboxUrl() + "/_sandbox/requests");

        assertThat(requests.statusCode()).isEqualTo(200);
        assertThat(stack.sandbox().port()).isEqualTo(stack.ports().get("sandbox"));
        assertThat(stack.sandbox().endpoint("dingtalk").toString())
                .isEqualTo(stack.sandboxUrl() + "/dingtalk/robot/send");
    }

    @Test
    @Order(6)
    void brokerLogIsShortAndReadable() throws Exception {
        List<String> log = java.nio.file.Files.readAllLines(stack.logFile("kafka"));

        assertThat(log).anyMatch(line -> line.contains("Kafka Server started"));
        assertThat(log.size()).as("lines in kafka.log").isLessThan(200);
    }

    @Test
    @Order(100)
    void closeLeavesNoProcessBehind() {
        List<ProcessHandle> children = stack.components().stream()
                .flatMap(component -> component.pid().stream().boxed())
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .toList();
        List<ProcessHandle> withDescendants = children.stream()
                .flatMap(
                        child -> java.util.stream.Stream.concat(java.util.stream.Stream.of(child), child.descendants()))
                .toList();
        assertThat(children).as("postgres, kafka and registry run as processes").hasSize(3);

        stack.close();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(withDescendants).noneMatch(ProcessHandle::isAlive));
        assertThat(stack.components()).noneMatch(ComponentState::running);
        assertThat(new RunFiles(stack.workDir()).leftovers()).isEmpty();
    }

    private static String schema(String avro) {
        String compact = avro.replace("\n", "").replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"schemaType\":\"AVRO\",\"schema\":\"" + compact + "\"}";
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
