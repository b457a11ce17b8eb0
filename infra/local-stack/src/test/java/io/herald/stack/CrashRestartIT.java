package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.sandbox.ReceivedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crashes on real parts, as an operator would cause them: {@code kill -9} of the signer's process and of the Kafka
 * broker's. The stack's watchdog (restarts on, as under {@code herald up}) brings each back on its port with the same
 * command line and data (the broker keeps its cluster id and topics), a notification sent afterwards is delivered, and
 * the status table says what happened. Then {@code herald restart registry} goes through the supervisor's request files
 * and the registry comes back with its schemas. Only ingest, signer and dispatcher run: delivery is checked where it
 * ends, at the sandbox's Standard Webhooks receiver, which verifies each signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRestartIT {

    private static final String WHSEC = "whsec_Y3Jhc2gtcmVzdGFydC1pdC1zZWNyZXQtMDEyMzQ1Njc=";
    private static final String CHANNEL = "crash-restart";
    private static final Duration BACK_UP_WITHIN = Duration.ofSeconds(150);

    private LocalStack stack;
    private PipelineClient client;
    private final Instant begin = Instant.now();

    @BeforeAll
    void startThePipelineWithRestartsOn() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        String catalog = """
                herald:
                  channels:
                    %s:
                      provider: webhook
                      endpoint: {{sandbox}}/webhook/%s
                      credentials:
                        secret: env:CRASH_WHSEC
                """.formatted(CHANNEL, CHANNEL);
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/crash-restart-it"))
                .freePorts()
                .services(HeraldService.INGEST, HeraldService.SIGNER, HeraldService.DISPATCHER)
                .channelCatalogContent(catalog)
                .env("CRASH_WHSEC", WHSEC)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.providers=webhook")
                // a consumer killed with SIGKILL leaves its group only when its session times out (45 s by default),
                // and
                // until then its partitions wait; the minimum the broker allows keeps this test short
                .everyServiceArgs(
                        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.heartbeat-interval=2s")
                .restartCrashed(new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        stack.sandbox().verifier(StandardWebhookVerifier.class).addEndpoint(CHANNEL, List.of(WHSEC));
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aNotificationIsDeliveredBeforeAnyCrash() throws Exception {
        String text = "before the crashes " + begin;
        client.post(CHANNEL, text);

        awaitVerifiedDelivery(text);
    }

    @Test
    @Order(2)
    void theSignerKilledWithSigkillComesBackOnItsPortWithTheSameCommandLine() throws Exception {
        ComponentState before = component("signer");
        long pid = before.pid().orElseThrow();
        String commandLine = commandLine(pid);

        killMinus9(pid);

        ComponentState after = awaitBackUp("signer", 1);
        assertThat(after.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(after.lastExit()).contains("killed by SIGKILL (exit code 137)");
        assertThat(commandLine(after.pid().orElseThrow())).isEqualTo(commandLine);
        assertThat(Http.get(stack.managementUrl(HeraldService.SIGNER) + "/actuator/health")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void theBrokerKilledWithSigkillComesBackWithItsClusterIdAndTopics() throws Exception {
        String clusterId;
        Set<String> topics;
        try (Admin admin = admin()) {
            clusterId = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
        assertThat(topics).contains("herald.accepted", "herald.signed.webhook");
        long pid = component("kafka").pid().orElseThrow();

        killMinus9(pid);

        ComponentState after = awaitBackUp("kafka", 1);
        assertThat(after.lastExit()).contains("killed by SIGKILL (exit code 137)");
        try (Admin admin = admin()) {
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isEqualTo(clusterId);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics);
        }
    }

    @Test
    @Order(4)
    void aNotificationSentAfterTheCrashesIsDelivered() throws Exception {
        String text = "after the crashes " + begin;
        // ingest answers 503 while its producer reconnects to the restarted broker: send as a client would, again
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> client.post(CHANNEL, text) != null);

        awaitVerifiedDelivery(text);
    }

    @Test
    @Order(5)
    void statusShowsEachComponentUpWithItsRestartsAndLastExit() {
        Properties state = SuperviseCommand.state(stack, begin);

        StatusCommand.Table table = StatusCommand.table(state, StatusCommand.liveCheck(state));

        table.lines().forEach(System.out::println);
        assertThat(table.allUp()).isTrue();
        assertThat(line(table, "signer"))
                .containsSubsequence(
                        "signer", "UP", state.getProperty("signer.pid"), "1", "killed by SIGKILL (exit code 137)");
        assertThat(line(table, "kafka"))
                .containsSubsequence(
                        "kafka", "UP", state.getProperty("kafka.pid"), "1", "killed by SIGKILL (exit code 137)");
        assertThat(line(table, "ingest")).containsSubsequence("ingest", "UP", state.getProperty("ingest.pid"), "0");
    }

    @Test
    @Order(6)
    void aRestartRequestGoesThroughTheSupervisorAndTheRegistryKeepsItsSchemas() throws Exception {
        String subjects = stack.registryBaseUrl() + "/apis/ccompat/v7/subjects";
        String subjectsBefore = Http.get(subjects).body();
        assertThat(subjectsBefore).contains("herald.accepted-value");
        ControlRequests requests = new ControlRequests(stack.workDir());
        requests.clear();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit;
        try (AutoCloseable supervisor =
                requests.serve((request, progress) -> SuperviseCommand.handle(stack, request, progress))) {
            exit = requests.send(
                    Map.of("command", "restart", "component", "registry"),
                    new PrintStream(printed, true, StandardCharsets.UTF_8),
                    () -> true,
                    Duration.ofSeconds(120));
        }

        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .containsSubsequence(
                        "Stopping registry (pid ",
                        "  stopped after ",
                        "Starting registry again with the same command line…",
                        "registry is ready at ");
        assertThat(component("registry")).satisfies(registry -> {
            assertThat(registry.state()).isEqualTo("UP");
            assertThat(registry.restarts()).isEqualTo(1);
            assertThat(registry.lastExit()).contains("stopped for a restart on request");
        });
        // the schema ids on Kafka's records still name the same schemas
        assertThat(Http.get(subjects).body()).isEqualTo(subjectsBefore);
    }

    @Test
    @Order(100)
    void closeStopsTheRestartedProcessesToo() {
        List<ProcessHandle> processes = stack.components().stream()
                .flatMap(component -> component.pid().stream().boxed())
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .toList();

        stack.close();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
        assertThat(new RunFiles(stack.workDir()).leftovers()).isEmpty();
    }

    private ComponentState awaitBackUp(String name, int restarts) {
        return await().atMost(BACK_UP_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> component(name), c -> c.running() && c.state().equals("UP") && c.restarts() == restarts);
    }

    private ComponentState component(String name) {
        return stack.components().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private void awaitVerifiedDelivery(String text) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> stack.sandbox().received().stream()
                        .filter(r -> r.path().equals("/webhook/" + CHANNEL)
                                && r.body().contains(text))
                        .map(ReceivedRequest::verdict)
                        .anyMatch("ok"::equals));
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    private static String line(StatusCommand.Table table, String component) {
        return table.lines().stream()
                .filter(l -> l.trim().startsWith(component + " "))
                .findFirst()
                .orElseThrow();
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElseThrow();
    }

    /** What an operator types: the {@code kill} command, not the JDK's API. */
    private static void killMinus9(long pid) throws Exception {
        Process kill =
                new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
