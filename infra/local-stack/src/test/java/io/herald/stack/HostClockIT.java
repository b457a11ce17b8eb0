package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.sandbox.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest on a host whose clock is a day slow and the signer on one a day fast (libfaketime, so the JVM, its Kafka
 * producers and every library see the wrong time, as on a host whose NTP failed), the broker, dispatcher, audit and
 * the providers on the true time. On today's main before issue 15 the broker refused such records
 * ({@code message.timestamp.after.max.ms}, 1 h) and, once that was fixed, a notification accepted on the slow host
 * was a day old on arrival: the dispatcher gave up on its first retry ({@code max-age}, 24 h). Herald's topics now
 * take the broker's time (LogAppendTime), consumers take {@code acceptedAt} from it, and the signer signs with its
 * trusted clock: both notifications are delivered, the webhook after a retry, their signatures pass the sandbox's
 * time windows, and the audit timeline shows the true time.
 *
 * <p>Needs libfaketime (Debian package {@code faketime}, which CI installs); skipped with a message where it is
 * absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostClockIT {

    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final String ROBOT_TOKEN = "host-clock-it-token";
    private static final String ROBOT_SECRET = "SEChost-clock-it-secret-0123456789";
    private static final String WHSEC = "whsec_aG9zdC1jbG9jay1pdC13ZWJob29rLXNlY3JldA==";
    private static final String CATALOG = """
            herald:
              channels:
                clock-robot:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:HOST_CLOCK_TOKEN
                    secret: env:HOST_CLOCK_SECRET
                clock-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/host-clock
                  credentials:
                    secret: env:HOST_CLOCK_WHSEC
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startWithIngestADaySlowAndSignerADayFast() {
        assumeTrue(Files.isReadable(LIBFAKETIME), "libfaketime is not installed (Debian package faketime): skipped");
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        StackBuilder builder = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/host-clock-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .env("HOST_CLOCK_TOKEN", ROBOT_TOKEN)
                .env("HOST_CLOCK_SECRET", ROBOT_SECRET)
                .env("HOST_CLOCK_WHSEC", WHSEC)
                .listener(StackListener.printingTo(System.out));
        for (var shifted : Map.of(HeraldService.INGEST, "-24h", HeraldService.SIGNER, "+24h")
                .entrySet()) {
            HeraldService service = shifted.getKey();
            builder.serviceEnv(service, "LD_PRELOAD", LIBFAKETIME.toString())
                    .serviceEnv(service, "FAKETIME", shifted.getValue())
                    // the JVM's timers and waits run on the monotonic clock: shifting it would only stall them, and
                    // libfaketime's "monotonic fix" (on by default with this glibc) makes every timed wait of the JVM
                    // (Object.wait, LockSupport.parkNanos) return at once, so the services would spin instead of start
                    .serviceEnv(service, "FAKETIME_DONT_FAKE_MONOTONIC", "1")
                    .serviceEnv(service, "FAKETIME_FORCE_MONOTONIC_FIX", "0");
        }
        stack = builder.build().start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void notificationsAreAcceptedSignedWithTrueTimeAndDeliveredAlsoAfterARetry() throws Exception {
        assertThat(signerClock().path("details").path("offsetSeconds").asDouble())
                .isBetween(-86_410.0, -86_390.0);
        stack.sandbox().injectFaults("/webhook/host-clock", 1, 503, "busy for a moment");

        String robot = client.post("clock-robot", "sent from a host a day slow");
        String hook = client.post("clock-hooks", "webhook from a host a day slow");

        client.awaitStatus(robot, "DELIVERED");
        JsonNode delivered = client.awaitStatus(hook, "DELIVERED");
        // retried, not given up as "accepted 1 day ago"
        assertThat(delivered.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        // the timeline's acceptedAt is the broker's (true) time, not the ingest host's
        assertThat(Duration.between(Instant.parse(delivered.path("acceptedAt").asText()), Instant.now())
                        .abs())
                .isLessThan(Duration.ofMinutes(10));
        // every signature the providers got passed their time window (a request retried after a 503 on a loaded
        // machine may be received twice: at-least-once)
        List<ReceivedRequest> received = stack.sandbox().received().stream()
                .filter(r -> r.body().contains("a day slow"))
                .toList();
        assertThat(received).extracting(ReceivedRequest::provider).contains("dingtalk", "webhook");
        assertThat(received.stream().filter(r -> r.fault() == null))
                .extracting(ReceivedRequest::verdict)
                .containsOnly("ok");
    }

    @Test
    void heraldsTopicsTakeTheBrokersTime() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            ConfigResource accepted = new ConfigResource(ConfigResource.Type.TOPIC, "herald.accepted");
            var config = admin.describeConfigs(List.of(accepted))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(accepted);
            assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value())
                    .isEqualTo("LogAppendTime");
        }
    }

    /** The signer's clock component with its details, as an operator sees it. */
    private JsonNode signerClock() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.managementUrl(HeraldService.SIGNER) + "/actuator/health"))
                        .header("Authorization", "Bearer " + stack.operatorToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("components").path("clock");
    }
}
