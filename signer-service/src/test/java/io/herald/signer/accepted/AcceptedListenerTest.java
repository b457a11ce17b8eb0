package io.herald.signer.accepted;

import static io.herald.signer.Fixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.RecordReadException;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.contract.kafka.Topics;
import io.herald.contract.tracing.RecordTracing;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import io.herald.signer.signing.DeliverySigner;
import io.herald.signer.signing.SigningHealthIndicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class AcceptedListenerTest {

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AcceptedListener listener = new AcceptedListener(
            new DeliverySigner(
                    Fixtures.requestSigning(
                            Fixtures.catalog(),
                            Fixtures.ENVIRONMENT::get,
                            Fixtures.syncedClock(new MutableClock(Instant.parse("2025-03-01T08:00:00Z"))),
                            null,
                            new SigningHealthIndicator()),
                    publisher),
            new Topics("", List.of(Duration.ofSeconds(10))),
            new MalformedRecords(meters),
            RecordTracing.none());

    @Test
    void aPollIsSignedInOrder() {
        listener.onAccepted(List.of(record(0, accepted("n-1")), record(1, accepted("n-2"))));

        assertThat(publisher.published())
                .extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-1", "n-2");
    }

    @Test
    void unreadableRecordsAreSkippedInTheBatchAndTheOthersSigned() {
        listener.onAccepted(List.of(
                record(0, accepted("n-1")),
                undecodable(1, Reason.UNKNOWN_SCHEMA),
                record(2, "not a notification"),
                record(3, accepted("n-4"))));

        assertThat(publisher.published())
                .extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-1", "n-4");
        assertThat(meters.get(MalformedRecords.METER)
                        .tag("reason", "unknown_schema")
                        .counter()
                        .count())
                .isOne();
        assertThat(meters.get(MalformedRecords.METER)
                        .tag("reason", "wrong_schema")
                        .counter()
                        .count())
                .isOne();
    }

    @Test
    void aRecordTheRegistryCouldNotBeAskedAboutFailsThePollAtItsIndexAfterTheRecordsBeforeItAreSigned() {
        assertThatThrownBy(() -> listener.onAccepted(List.of(
                        record(0, accepted("n-1")),
                        undecodable(1, Reason.REGISTRY_UNAVAILABLE),
                        record(2, accepted("n-3")))))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isOne());
        assertThat(publisher.published())
                .extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-1");
    }

    @Test
    void aFailureToSignIsReportedAtTheRecordsIndexInThePoll() {
        assertThatThrownBy(() -> listener.onAccepted(
                        List.of(undecodable(0, Reason.NOT_AVRO), record(1, accepted("n-2", Fixtures.apiCall())))))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isOne());
    }

    private static ConsumerRecord<String, Object> undecodable(long offset, Reason reason) {
        RecordHeaders headers = new RecordHeaders();
        Deserializer<Object> failing = (topic, data) -> {
            throw new RecordReadException(reason, "cannot read");
        };
        try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>(failing)) {
            deserializer.deserialize("herald.accepted", headers, new byte[] {1, 2});
        }
        return new ConsumerRecord<>(
                "herald.accepted",
                0,
                offset,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                "ops",
                null,
                headers,
                Optional.empty());
    }

    private static ConsumerRecord<String, Object> record(long offset, Object value) {
        return new ConsumerRecord<>("herald.accepted", 0, offset, "ops", value);
    }
}
