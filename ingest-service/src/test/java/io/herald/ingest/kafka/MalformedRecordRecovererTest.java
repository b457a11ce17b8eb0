package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.ingest.publish.PublishException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RejectedNotification;
import io.herald.schema.Source;
import io.herald.schema.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Drives records through the same chain as the listener container: the real Apicurio Avro deserializer against a
 * stand-in registry, wrapped in {@link NotificationRequestDeserializer} and {@code ErrorHandlingDeserializer}; the
 * exception travels in the record's headers as in production; then the recoverer writes the rejection.
 */
class MalformedRecordRecovererTest {

    @BeforeAll
    static void trustGeneratedClasses() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }


    private static final String TOPIC = "herald.requests";
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final MalformedRecordRecoverer recoverer = new MalformedRecordRecoverer(publisher,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new IngestProperties(Duration.ofDays(7), Duration.ofHours(1),
                    Duration.ofMillis(1), Duration.ofMillis(2)));

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void jsonOnTheTopicIsRejectedAsNotAvro() {
        byte[] json = "{\"channel\":\"demo-dingtalk\",\"text\":\"secret-ish content\"}".getBytes(StandardCharsets.UTF_8);

        RejectedNotification rejected = recover(json);

        assertViolation(rejected, "not_avro");
        assertThat(message(rejected)).contains("0x7b").contains("magic byte 0").doesNotContain("secret-ish");
        assertThat(rejected.getRawPayload()).isEqualTo(ByteBuffer.wrap(json));
        assertThat(rejected.getOrigin().getTopic()).isEqualTo(TOPIC);
        assertThat(rejected.getOrigin().getPartition()).isEqualTo(2);
        assertThat(rejected.getOrigin().getOffset()).isEqualTo(41L);
        assertThat(rejected.getSource()).isEqualTo(Source.KAFKA);
        assertThat(rejected.getNotificationId()).hasSize(36);
        assertThat(rejected.getRequest()).isNull();
        assertThat(rejected.getRejectedAt()).isEqualTo(NOW);
    }

    @Test
    void valueTooShortForTheWireFormatIsRejectedAsNotAvro() {
        RejectedNotification rejected = recover(new byte[] {0, 0, 1});

        assertViolation(rejected, "not_avro");
        assertThat(message(rejected)).contains("too short");
    }

    @Test
    void unknownSchemaIdIsRejectedAsUnknownSchema() {
        byte[] record = wireFormat(77, new byte[] {2, 4, 6});

        RejectedNotification rejected = recover(record);

        assertViolation(rejected, "unknown_schema");
        assertThat(message(rejected)).isEqualTo("schema id 77 is not known to the schema registry");
        assertThat(rejected.getRawPayload()).isEqualTo(ByteBuffer.wrap(record));
        assertThat(registry.requests()).anyMatch(request -> request.contains("/ids/contentIds/77"));
    }

    @Test
    void avroOfAnotherSchemaIsRejectedAsUndecodable() {
        registry.register(8, AcceptedNotification.getClassSchema().toString());
        AcceptedNotification other = AcceptedNotification.newBuilder()
                .setNotificationId("n1").setChannel("demo-dingtalk").setProvider("dingtalk")
                .setContent(io.herald.ingest.TestChannels.text("hi"))
                .setSource(Source.KAFKA).setAcceptedAt(NOW).build();

        RejectedNotification rejected = recover(wireFormat(8, avro(other)));

        assertViolation(rejected, "undecodable");
        assertThat(message(rejected))
                .contains("io.herald.schema.AcceptedNotification")
                .contains("not io.herald.schema.NotificationRequest");
    }

    @Test
    void bytesThatDoNotDecodeWithTheirSchemaAreRejectedAsUndecodable() {
        registry.register(9, NotificationRequest.getClassSchema().toString());

        RejectedNotification rejected = recover(wireFormat(9, new byte[] {(byte) 0x9f, 0x01}));

        assertViolation(rejected, "undecodable");
        assertThat(message(rejected)).startsWith("the record value could not be decoded as a NotificationRequest");
    }

    @Test
    void aValidRequestStillDecodes() {
        registry.register(10, NotificationRequest.getClassSchema().toString());
        NotificationRequest request = NotificationRequest.newBuilder()
                .setChannel("demo-dingtalk").setContent(io.herald.ingest.TestChannels.text("hi")).build();

        Object value = chain().deserialize(TOPIC, new RecordHeaders(), wireFormat(10, avro(request)));

        assertThat(value).isEqualTo(request);
    }

    @Test
    void recordWithoutValueIsRejectedAsNotAvro() {
        ConsumerRecord<String, Object> record = record(null, new RecordHeaders());
        Exception failure = new ListenerExecutionFailedException("Listener failed",
                new MalformedRecordException("the record has no value (null); expected an Avro NotificationRequest"));

        recoverer.accept(record, failure);

        RejectedNotification rejected = publisher.rejected.getFirst();
        assertViolation(rejected, "not_avro");
        assertThat(rejected.getRawPayload()).isNull();
    }

    @Test
    void unavailableRegistryIsRetriedNotRejected() {
        registry.unavailable(true);

        assertThatThrownBy(() -> recover(wireFormat(11, new byte[] {2})))
                .hasMessageContaining("will be retried")
                .hasMessageContaining("HTTP 503");
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void unreachableRegistryIsRetriedNotRejected() {
        registry.close(); // nothing listens on its port any more

        assertThatThrownBy(() -> recover(wireFormat(12, new byte[] {2})))
                .hasMessageContaining("will be retried")
                .hasMessageContaining("could not be asked for schema id 12");
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void rejectionThatCannotBeWrittenIsRethrownSoTheRecordIsRetried() {
        publisher.failing = true;

        assertThatThrownBy(() -> recover("not avro".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PublishException.class);
    }

    // --- the chain the container runs ---

    private ErrorHandlingDeserializer<NotificationRequest> chain() {
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        NotificationRequestDeserializer requests = new NotificationRequestDeserializer(avro);
        requests.configure(Map.of(
                "apicurio.registry.url", registry.url(),
                "apicurio.registry.use-specific-avro-reader", true,
                "apicurio.registry.retry-count", 0), false);
        return new ErrorHandlingDeserializer<>(requests);
    }

    /** Deserializes {@code bytes} as the consumer would, then hands the failure to the recoverer. */
    @SuppressWarnings("removal")
    private RejectedNotification recover(byte[] bytes) {
        RecordHeaders headers = new RecordHeaders();
        Object value = chain().deserialize(TOPIC, headers, bytes);
        assertThat(value).isNull();
        ConsumerRecord<String, Object> record = record(null, headers);
        DeserializationException exception = SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, new LogAccessor(getClass()));
        assertThat(exception).isNotNull();

        recoverer.accept(record, new ListenerExecutionFailedException("Listener failed", exception));

        assertThat(publisher.rejected).hasSize(1);
        return publisher.rejected.getFirst();
    }

    private static ConsumerRecord<String, Object> record(Object value, RecordHeaders headers) {
        return new ConsumerRecord<>(TOPIC, 2, 41L, 0L, TimestampType.CREATE_TIME, 0, 0, "key", value, headers, Optional.empty());
    }

    private static byte[] wireFormat(int schemaId, byte[] avro) {
        return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(schemaId).put(avro).array();
    }

    private static byte[] avro(SpecificRecord record) {
        return io.herald.ingest.AvroEncoding.encode(record);
    }

    private static void assertViolation(RejectedNotification rejected, String code) {
        assertThat(rejected.getViolations()).hasSize(1);
        Violation violation = rejected.getViolations().getFirst();
        assertThat(violation.getField()).isEqualTo("record");
        assertThat(violation.getCode()).isEqualTo(code);
    }

    private static String message(RejectedNotification rejected) {
        return rejected.getViolations().getFirst().getMessage();
    }

    private static final class RecordingPublisher implements OutcomePublisher {
        final List<RejectedNotification> rejected = new ArrayList<>();
        boolean failing;

        @Override
        public void publishAccepted(AcceptedNotification accepted) {
            throw new AssertionError("a malformed record is never accepted");
        }

        @Override
        public void publishRejected(RejectedNotification rejection) {
            if (failing) {
                throw new PublishException("broker unavailable", null);
            }
            io.herald.ingest.AvroEncoding.encode(rejection);
            rejected.add(rejection);
        }
    }
}
