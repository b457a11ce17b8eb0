package io.herald.signer.accepted;

import static io.herald.signer.Fixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.kafka.Topics;
import io.herald.contract.secret.SecretResolver;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import io.herald.signer.signing.DeliverySigner;
import io.herald.signer.signing.SigningHealthIndicator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class AcceptedListenerTest {

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final AcceptedListener listener = new AcceptedListener(
            new DeliverySigner(Fixtures.requestSigning(Fixtures.catalog(), new SecretResolver(Fixtures.ENVIRONMENT::get),
                    Fixtures.syncedClock(new MutableClock(Instant.parse("2025-03-01T08:00:00Z"))), null,
                    new SigningHealthIndicator()), publisher),
            new Topics("", List.of(Duration.ofSeconds(10))));

    @Test
    void aPollIsSignedInOrder() {
        listener.onAccepted(List.of(record(0, accepted("n-1")), record(1, accepted("n-2"))));

        assertThat(publisher.published()).extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-1", "n-2");
    }

    @Test
    void undecodableRecordFailsThePollAtItsIndexAfterTheRecordsBeforeItAreSigned() {
        RecordHeaders headers = new RecordHeaders();
        SerializationUtils.deserializationException(headers, new byte[] {1, 2},
                new DeserializationException("failed to deserialize", new byte[] {1, 2}, false, new IllegalStateException("magic")),
                false);
        var undecodable = new ConsumerRecord<String, Object>("herald.accepted", 0, 1, 0L, TimestampType.CREATE_TIME, 0, 0,
                "ops", null, headers, Optional.empty());

        assertThatThrownBy(() -> listener.onAccepted(List.of(record(0, accepted("n-1")), undecodable, record(2, accepted("n-3")))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isOne())
                .hasCauseInstanceOf(DeserializationException.class);
        assertThat(publisher.published()).extracting(p -> p.delivery().getNotification().getNotificationId())
                .containsExactly("n-1");
    }

    @Test
    void recordOfAnotherTypeIsAConversionFailureNotRetried() {
        assertThatThrownBy(() -> listener.onAccepted(List.of(record(0, "not a notification"))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero())
                .cause()
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("not an AcceptedNotification but String");
    }

    private static ConsumerRecord<String, Object> record(long offset, Object value) {
        return new ConsumerRecord<>("herald.accepted", 0, offset, "ops", value);
    }
}
