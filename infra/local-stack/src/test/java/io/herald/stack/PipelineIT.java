package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static io.herald.stack.PipelineClient.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.kafka.Topics;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.sandbox.ReceivedRequest;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RejectedNotification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on real parts: the official Kafka broker, Apicurio Registry, embedded PostgreSQL 17, the
 * DingTalk sandbox (which verifies signatures as DingTalk does) and the four services, each its own process started
 * by the same launcher as {@code ./herald up}. Each test checks what a user would: what the provider received, the
 * audit timeline, the rejection topic, the HTTP answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {

    private static final String ROBOT_TOKEN = "it-robot-token";
    private static final String ROBOT_SECRET = "SECit-robot-secret-0123456789abcdef";
    private static final String MISCONFIGURED_TOKEN = "it-misconfigured-token";
    private static final String CATALOG = """
            herald:
              channels:
                it-robot:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:IT_ROBOT_TOKEN
                    secret: env:IT_ROBOT_SECRET
                  # fewer than DingTalk's 20/min reach the sandbox; a faster pace keeps retries 1 s apart unparked
                  rate-per-minute: 120
                it-wrong-secret:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:IT_MISCONFIGURED_TOKEN
                    secret: env:IT_MISTYPED_SECRET
            """;
    /** Short retry tiers so retries happen within the test; every service declares the same topics. */
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";

    private static final Topics TOPICS = new Topics("", List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/pipeline-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, ROBOT_SECRET))
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class)
                        .addRobot(MISCONFIGURED_TOKEN, "SECthe-secret-the-robot-really-has"))
                .env("IT_ROBOT_TOKEN", ROBOT_TOKEN)
                .env("IT_ROBOT_SECRET", ROBOT_SECRET)
                .env("IT_MISCONFIGURED_TOKEN", MISCONFIGURED_TOKEN)
                .env("IT_MISTYPED_SECRET", "SECa-mistyped-secret")
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.max-attempts=4")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void avroRequestOnKafkaIsDeliveredSignedAndAudited() throws Exception {
        String id = "kafka-" + UUID.randomUUID();
        NotificationRequest request = NotificationRequest.newBuilder()
                .setNotificationId(id)
                .setChannel("it-robot")
                .setContent(ChatMessage.newBuilder()
                        .setTitle("Release")
                        .setText("## release 1.2 is out")
                        .setFormat(MessageFormat.MARKDOWN)
                        .setMentions(Mentions.newBuilder()
                                .setMobiles(List.of("13800000000"))
                                .build())
                        .build())
                .build();

        try (KafkaProducer<String, Object> producer = avroProducer()) {
            producer.send(new ProducerRecord<>(TOPICS.requests(), "it-robot", request))
                    .get();
        }

        ReceivedRequest received = awaitReceived("release 1.2 is out");
        assertThat(received.verdict()).isEqualTo("ok");
        assertThat(received.body()).contains("\"msgtype\":\"markdown\"", "\"title\":\"Release\"", "13800000000");
        JsonNode notification = client.awaitStatus(id, "DELIVERED");
        assertThat(notification.path("channel").asString()).isEqualTo("it-robot");
        assertThat(types(notification)).containsExactly("ACCEPTED", "SIGNED", "ATTEMPT");
        JsonNode attempt = entries(notification, "ATTEMPT").getFirst();
        assertThat(attempt.path("outcome").asString()).isEqualTo("DELIVERED");
        assertThat(attempt.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(attempt.path("providerCode").asString()).isEqualTo("0");
        assertThat(attempt.path("latencyMs").isNumber()).isTrue();
        assertThat(entries(notification, "ACCEPTED").getFirst().path("source").asString())
                .isEqualTo("KAFKA");
    }

    @Test
    void httpRequestIsDeliveredAndARepeatAnswersTheOriginalId() throws Exception {
        String body = """
                {"channel":"it-robot","message":{"format":"text","text":"disk almost full on db-7"}}""";
        String key = "it-" + UUID.randomUUID();

        HttpResponse<String> first = postNotification(body, key);
        HttpResponse<String> repeat = postNotification(body, key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String id = JSON.readTree(first.body()).path("id").asString();
        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
        assertThat(JSON.readTree(repeat.body()).path("id").asString()).isEqualTo(id);
        assertThat(JSON.readTree(repeat.body()).path("status").asString()).isEqualTo("DUPLICATE");
        assertThat(awaitReceived("disk almost full on db-7").verdict()).isEqualTo("ok");
        JsonNode notification = client.awaitStatus(id, "DELIVERED");
        assertThat(entries(notification, "ACCEPTED").getFirst().path("source").asString())
                .isEqualTo("HTTP");
        assertThat(stack.sandbox().received())
                .filteredOn(r -> r.body().contains("disk almost full on db-7"))
                .hasSize(1);
    }

    @Test
    void wrongSecretIsDeadLetteredWithTheProvidersCodeAndNotRetried() throws Exception {
        HttpResponse<String> accepted = postNotification("""
                {"channel":"it-wrong-secret","message":{"text":"signed with a mistyped secret"}}""", null);
        String id = JSON.readTree(accepted.body()).path("id").asString();

        JsonNode notification = client.awaitDeadLettered(id);

        List<JsonNode> attempts = entries(notification, "ATTEMPT");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst().path("outcome").asString()).isEqualTo("PERMANENT");
        assertThat(attempts.getFirst().path("providerCode").asString()).isEqualTo("310000");
        assertThat(attempts.getFirst().path("providerMessage").asString()).contains("签名不匹配");
        JsonNode deadLetter = entries(notification, "DEAD_LETTER").getFirst();
        assertThat(deadLetter.path("finalOutcome").asString()).isEqualTo("PERMANENT");
        assertThat(deadLetter.path("reason").asString()).contains("310000");
        assertThat(stack.sandbox().received())
                .filteredOn(r -> r.body().contains("signed with a mistyped secret"))
                .singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo("sign not match"));
        // nothing about the secret leaks into what a user reads
        assertThat(notification.toString()).doesNotContain("mistyped-secret", MISCONFIGURED_TOKEN);
    }

    @Test
    void retryableFailuresAreRetriedWithFreshSignaturesUntilDelivered() throws Exception {
        stack.sandbox().injectFaults("/dingtalk", 2, 503, "upstream busy");

        HttpResponse<String> accepted = postNotification("""
                {"channel":"it-robot","message":{"text":"retry me until it works"}}""", null);
        String id = JSON.readTree(accepted.body()).path("id").asString();

        JsonNode notification = client.awaitStatus(id, "DELIVERED");
        List<JsonNode> attempts = entries(notification, "ATTEMPT");
        assertThat(attempts)
                .extracting(a -> a.path("outcome").asString())
                .containsExactly("RETRYABLE", "RETRYABLE", "DELIVERED");
        assertThat(attempts).extracting(a -> a.path("httpStatus").asInt()).containsExactly(503, 503, 200);
        List<String> signatures = entries(notification, "SIGNED").stream()
                .map(s -> s.path("at").asString())
                .toList();
        assertThat(signatures).hasSize(3).doesNotHaveDuplicates();
        List<ReceivedRequest> sent = stack.sandbox().received().stream()
                .filter(r -> r.body().contains("retry me until it works"))
                .toList();
        assertThat(sent).extracting(ReceivedRequest::verdict).containsExactly("fault injected", "fault injected", "ok");
        assertThat(sent)
                .extracting(r -> queryValue(r.maskedQuery(), "timestamp"))
                .doesNotHaveDuplicates();
    }

    @Test
    void malformedRecordsAreRejectedWithTheirReasonAndThePartitionKeepsFlowing() throws Exception {
        String topic = TOPICS.requests();
        byte[] notAvro = "{\"channel\":\"it-robot\",\"text\":\"json is not avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = ByteBuffer.allocate(9)
                .put((byte) 0)
                .putInt(0x7ffffff0)
                .putInt(42)
                .array();
        String validId = "after-poison-" + UUID.randomUUID();

        long notAvroOffset;
        long unknownSchemaOffset;
        try (KafkaProducer<String, byte[]> raw = rawProducer();
                KafkaProducer<String, Object> avro = avroProducer()) {
            notAvroOffset = raw.send(new ProducerRecord<>(topic, 0, "poison", notAvro))
                    .get()
                    .offset();
            unknownSchemaOffset = raw.send(new ProducerRecord<>(topic, 0, "poison", unknownSchema))
                    .get()
                    .offset();
            RecordMetadata valid = avro.send(new ProducerRecord<>(
                            topic,
                            0,
                            "it-robot",
                            NotificationRequest.newBuilder()
                                    .setNotificationId(validId)
                                    .setChannel("it-robot")
                                    .setContent(ChatMessage.newBuilder()
                                            .setText("behind two poison records")
                                            .build())
                                    .build()))
                    .get();
            assertThat(valid.offset()).isGreaterThan(unknownSchemaOffset);
        }

        client.awaitStatus(validId, "DELIVERED");
        Map<Long, RejectedNotification> rejected = awaitRejections(topic, List.of(notAvroOffset, unknownSchemaOffset));
        RejectedNotification notAvroRejection = rejected.get(notAvroOffset);
        assertThat(notAvroRejection.getViolations()).singleElement().satisfies(v -> {
            assertThat(v.getField()).isEqualTo("record");
            assertThat(v.getCode()).isEqualTo("not_avro");
            assertThat(v.getMessage()).contains("magic byte");
        });
        assertThat(bytes(notAvroRejection.getRawPayload())).isEqualTo(notAvro);
        assertThat(rejected.get(unknownSchemaOffset).getViolations())
                .singleElement()
                .satisfies(v -> assertThat(v.getCode()).isEqualTo("unknown_schema"));
        assertThat(bytes(rejected.get(unknownSchemaOffset).getRawPayload())).isEqualTo(unknownSchema);
        JsonNode audited = client.awaitStatus(notAvroRejection.getNotificationId(), "REJECTED");
        assertThat(entries(audited, "REJECTED")
                        .getFirst()
                        .path("violations")
                        .get(0)
                        .path("code")
                        .asString())
                .isEqualTo("not_avro");
    }

    @Test
    void aFloodOfBadRecordsIsRejectedInFullWhileTheValidOnesAmongThemGoThrough() throws Exception {
        String topic = TOPICS.requests();
        Path ingestLog = stack.logFile("ingest");
        long logBefore = Files.size(ingestLog);
        byte[] validBytes;
        byte[] otherSchema;
        try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(
                    Map.of("apicurio.registry.url", stack.registryUrl(), "apicurio.registry.auto-register", true),
                    false);
            validBytes = serializer.serialize(
                    topic,
                    NotificationRequest.newBuilder()
                            .setChannel("it-robot")
                            .setContent(ChatMessage.newBuilder()
                                    .setText("truncated on purpose")
                                    .build())
                            .build());
            // registered under another topic's subject: Avro in the wire format, of another schema
            otherSchema = serializer.serialize(
                    "flood-other-topic",
                    ChatMessage.newBuilder().setText("not a request").build());
        }
        java.util.Random random = new java.util.Random(15);
        Set<String> bad = new java.util.HashSet<>();
        List<String> valid = new ArrayList<>();
        try (KafkaProducer<String, byte[]> raw = rawProducer();
                KafkaProducer<String, Object> avro = avroProducer()) {
            List<java.util.concurrent.Future<RecordMetadata>> badSends = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                if (i % 400 == 0) {
                    String id = "flood-valid-" + i + "-" + UUID.randomUUID();
                    valid.add(id);
                    avro.send(new ProducerRecord<>(
                            topic,
                            "it-robot",
                            NotificationRequest.newBuilder()
                                    .setNotificationId(id)
                                    .setChannel("it-robot")
                                    .setContent(ChatMessage.newBuilder()
                                            .setText("amid a flood")
                                            .build())
                                    .build()));
                }
                byte[] value = switch (i % 7) {
                    case 0 -> randomBytes(random, 1 + random.nextInt(200));
                    case 1 ->
                        ByteBuffer.allocate(12)
                                .put((byte) 0)
                                .putInt(1_000_000 + random.nextInt(1_000_000))
                                .putInt(i)
                                .array();
                    case 2 -> new byte[0];
                    case 3 -> null;
                    case 4 -> ("{\"channel\":\"it-robot\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                    case 5 -> java.util.Arrays.copyOf(validBytes, 5 + random.nextInt(validBytes.length / 2));
                    default -> otherSchema;
                };
                badSends.add(raw.send(new ProducerRecord<>(topic, "poison-" + i, value)));
            }
            for (var send : badSends) {
                RecordMetadata metadata = send.get();
                bad.add(metadata.partition() + "@" + metadata.offset());
            }
        }

        Set<String> rejectedOrigins = new java.util.HashSet<>();
        try (KafkaConsumer<String, RejectedNotification> consumer = client.avroConsumer()) {
            consumer.subscribe(List.of(TOPICS.rejected()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, RejectedNotification> record : consumer.poll(Duration.ofMillis(500))) {
                    var origin = record.value().getOrigin();
                    if (origin != null && origin.getTopic().equals(topic)) {
                        rejectedOrigins.add(origin.getPartition() + "@" + origin.getOffset());
                    }
                }
                return rejectedOrigins.containsAll(bad);
            });
        }
        // accepted and through to the end (the sandbox keeps DingTalk's 20 sends a minute per robot, which other tests
        // share), all before the next test injects faults into the sandbox
        for (String id : valid) {
            client.awaitStatus(id, Duration.ofSeconds(90), Set.of("DELIVERED", "DEAD_LETTERED"));
        }
        String log = Files.readString(ingestLog).substring((int) logBefore);
        assertThat(log.lines().filter(line -> line.contains("Malformed record")))
                .hasSizeLessThanOrEqualTo(2_000);
        assertThat(log.lines().filter(line -> line.startsWith("\tat ")))
                .as("stack trace lines in the ingest log")
                .isEmpty();
    }

    private static byte[] randomBytes(java.util.Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = (byte) (1 + random.nextInt(255)); // never the magic byte: random, not Avro
        return bytes;
    }

    @Test
    void invalidHttpRequestIsAnsweredWithEveryInvalidFieldAndAudited() throws Exception {
        HttpResponse<String> answer = postNotification("""
                {"channel":"it-robot","notificationId":"has spaces","message":{"format":"markdown","text":" "}}""", null);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(StreamSupport.stream(problem.path("violations").spliterator(), false)
                        .map(v -> v.path("field").asString())
                        .toList())
                .contains("notificationId", "message.text", "message.title");
        String id = problem.path("id").asString();
        JsonNode audited = client.awaitStatus(id, "REJECTED");
        assertThat(entries(audited, "REJECTED").getFirst().path("source").asString())
                .isEqualTo("HTTP");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** Posts a notification; a 503 is retried after its Retry-After (up to five times), as the API asks clients to. */
    private HttpResponse<String> postNotification(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl("ingest") + "/v1/notifications"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.publishToken())
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int retry = 0; retry < 5 && answer.statusCode() == 503; retry++) {
            Thread.sleep(1_000L
                    * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
            answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        return answer;
    }

    private ReceivedRequest awaitReceived(String text) {
        return await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.body().contains(text))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private Map<Long, RejectedNotification> awaitRejections(String sourceTopic, List<Long> offsets) {
        Map<Long, RejectedNotification> found = new java.util.HashMap<>();
        try (KafkaConsumer<String, RejectedNotification> consumer = client.avroConsumer()) {
            consumer.subscribe(List.of(TOPICS.rejected()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, RejectedNotification> record : consumer.poll(Duration.ofMillis(500))) {
                    var origin = record.value().getOrigin();
                    if (origin != null
                            && origin.getTopic().equals(sourceTopic)
                            && origin.getPartition() == 0
                            && offsets.contains(origin.getOffset())) {
                        found.put(origin.getOffset(), record.value());
                    }
                }
                return found.keySet().containsAll(offsets);
            });
        }
        return found;
    }

    private KafkaProducer<String, Object> avroProducer() {
        Properties config = producerConfig();
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put("apicurio.registry.url", stack.registryUrl());
        config.put("apicurio.registry.auto-register", true);
        return new KafkaProducer<>(config);
    }

    private KafkaProducer<String, byte[]> rawProducer() {
        Properties config = producerConfig();
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String queryValue(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
