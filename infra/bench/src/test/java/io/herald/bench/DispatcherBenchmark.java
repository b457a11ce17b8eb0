package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookSignature;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.sandbox.ReceivedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import io.herald.schema.Source;
import io.herald.stack.HeraldService;
import io.herald.stack.LocalStack;
import io.herald.stack.StackListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dispatcher throughput to the provider sandbox with 1, 2 and 3 instances of one provider set (the scaling
 * curve). Not a test (no *Test/*IT name, so no build runs it); run it on purpose:
 *
 * <pre>{@code
 * ./mvnw -B -o -pl infra/bench verify -Dit.test=DispatcherBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * Only the dispatcher runs (with Kafka, the registry and the sandbox): the benchmark writes already-signed
 * Standard Webhooks requests (provider {@code webhook}, which publishes no rate limit; DingTalk's robots allow 20
 * per minute each) straight to {@code herald.signed.webhook}, keyed by 60 channels over the 6 partitions, and
 * times until the sandbox verified every one. Each delivery includes the dispatcher's full path: decode,
 * freshness check, guards, HTTP send, classification, and the attempt acknowledged by Kafka before the offset
 * commits. Results go to {@code target/dispatcher-benchmark.md}, copied by hand into
 * {@code docs/benchmarks/dispatcher.md}.
 */
class DispatcherBenchmark {

    private static final int RECORDS_PER_RUN = Integer.getInteger("bench.records", 2000);
    private static final int CHANNELS = 60;
    private static final String SECRET = "whsec_"
            + java.util.Base64.getEncoder()
                    .encodeToString("herald-benchmark-secret-32-bytes".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void deliveriesPerSecondWithOneTwoAndThreeInstances() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        Path home = LocalStack.heraldHome();
        try (LocalStack stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/bench/target/dispatcher-benchmark"))
                .freePorts()
                .services(HeraldService.DISPATCHER)
                .channelCatalogContent("herald:\n  channels:\n    bench:\n      provider: webhook\n"
                        + "      endpoint: {{sandbox}}/webhook/bench\n")
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=webhook",
                        "--herald.dispatcher.instance-id=bench-1",
                        "--logging.level.io.herald=WARN")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start()) {
            stack.sandbox().verifier(StandardWebhookVerifier.class).addEndpoint("bench", List.of(SECRET));
            URI endpoint = URI.create(stack.sandboxUrl() + "/webhook/bench");
            List<String> instances = new ArrayList<>(List.of(stack.httpUrl("dispatcher")));
            Map<Integer, Double> perSecond = new LinkedHashMap<>();

            run(stack, endpoint, instances, 300); // warm-up: JIT, connections, schema registration
            for (int n = 1; n <= 3; n++) {
                if (n > 1) {
                    instances.add(stack.startDispatcherInstance("bench-" + n, List.of("webhook")));
                }
                perSecond.put(n, run(stack, endpoint, instances, RECORDS_PER_RUN));
                System.out.printf("%d instance(s): %.0f deliveries/s%n", n, perSecond.get(n));
            }
            write(home, perSecond);
        }
    }

    /** Waits for the group to settle over all instances, sends {@code count} records, times until all arrived. */
    private static double run(LocalStack stack, URI endpoint, List<String> instances, int count) throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Set<Integer> all = new HashSet<>();
                    for (String instance : instances) {
                        List<Integer> owned = partitions(instance, stack.operatorToken());
                        if (owned.isEmpty()) {
                            return false;
                        }
                        all.addAll(owned);
                    }
                    return all.size() == 6;
                });
        stack.sandbox().clearReceived();
        Instant start = Instant.now();
        try (KafkaProducer<String, Object> producer = producer(stack)) {
            for (int i = 0; i < count; i++) {
                String channel = "bench-" + (i % CHANNELS);
                producer.send(new ProducerRecord<>("herald.signed.webhook", channel, signed(endpoint, channel)));
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> stack.sandbox().received().size() >= count);
        Duration elapsed = Duration.between(start, Instant.now());
        List<ReceivedRequest> received = stack.sandbox().received();
        assertThat(received).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("ok"));
        return count * 1000.0 / elapsed.toMillis();
    }

    private static SignedDelivery signed(URI endpoint, String channel) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        byte[] body = ("{\"type\":\"herald.benchmark\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        String messageId = "msg_" + id;
        String timestamp = Long.toString(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", timestamp);
        headers.put(
                "webhook-signature",
                "v1,"
                        + StandardWebhookSignature.sign(
                                StandardWebhookSignature.key(SECRET), messageId, timestamp, body));
        return SignedDelivery.newBuilder()
                .setNotification(AcceptedNotification.newBuilder()
                        .setNotificationId(id)
                        .setChannel(channel)
                        .setProvider("webhook")
                        .setContent(
                                ChatMessage.newBuilder().setText("benchmark").build())
                        .setSource(Source.KAFKA)
                        .setAcceptedAt(now)
                        .build())
                .setAttempt(1)
                .setSignedAt(now)
                .setNotAfter(now.plus(Duration.ofMinutes(5)))
                .setRequest(HttpCall.newBuilder()
                        .setMethod("POST")
                        .setUrl(endpoint.toString())
                        .setHeaders(headers)
                        .setBody(ByteBuffer.wrap(body))
                        .build())
                .build();
    }

    private static KafkaProducer<String, Object> producer(LocalStack stack) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put("apicurio.registry.url", stack.registryUrl());
        config.put("apicurio.registry.auto-register", true);
        return new KafkaProducer<>(config);
    }

    private static List<Integer> partitions(String dispatcherUrl, String operatorToken)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(dispatcherUrl + "/v1/assignments"))
                        .header("Authorization", "Bearer " + operatorToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<Integer> partitions = new ArrayList<>();
        if (answer.statusCode() == 200) {
            for (JsonNode assignment : JSON.readTree(answer.body()).path("assignments")) {
                assignment.path("partitions").forEach(p -> partitions.add(p.asInt()));
            }
        }
        return partitions;
    }

    private static void write(Path home, Map<Integer, Double> perSecond) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("date: ").append(Instant.now()).append('\n');
        out.append("cpus: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        out.append("jvm: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append('\n');
        out.append("os: ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName())
                .append(' ')
                .append(ManagementFactory.getOperatingSystemMXBean().getVersion())
                .append('\n');
        out.append("records per run: ").append(RECORDS_PER_RUN).append('\n');
        out.append("| instances | deliveries/s | per instance |\n|---|---|---|\n");
        perSecond.forEach((n, rate) -> out.append(String.format("| %d | %.0f | %.0f |%n", n, rate, rate / n)));
        Path file = home.resolve("infra/bench/target/dispatcher-benchmark.md");
        Files.writeString(file, out.toString());
        System.out.println(out);
    }
}
