package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.herald.contract.kafka.BatchSends.NotAcknowledgedException;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Ingest's error handler with the batch listener of herald.requests: a failure at record i commits the records
 * before it; an unreadable record is rejected at once by the {@link MalformedRecordRecoverer} and committed, a registry
 * outage or an unacknowledged outcome is retried from that record on.
 */
class BatchErrorHandlingTest {

    private static final TopicPartition PARTITION = new TopicPartition("herald.requests", 0);

    private final List<RejectedNotification> rejected = new ArrayList<>();
    private final IngestProperties properties = new IngestProperties(
            Duration.ofDays(7), Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(2));
    private final DefaultErrorHandler handler = new RequestErrorHandling().requestErrorHandler(
            new MalformedRecordRecoverer(new OutcomePublisher() {
                @Override
                public void publishAccepted(AcceptedNotification accepted) {
                    throw new AssertionError("never accepted here");
                }

                @Override
                public void publishRejected(RejectedNotification rejection) {
                    rejected.add(rejection);
                }
            }, Clock.systemUTC(), properties),
            properties);
    @SuppressWarnings("unchecked")
    private final Consumer<String, Object> consumer = mock(Consumer.class);
    private final MessageListenerContainer container = mock(MessageListenerContainer.class);
    private final ConsumerRecords<String, Object> poll = new ConsumerRecords<>(Map.of(PARTITION, List.of(
            record(40), record(41), record(42), record(43))), Map.of());

    BatchErrorHandlingTest() {
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("herald.requests"));
        when(container.isRunning()).thenReturn(true);
    }

    @Test
    void unreadableRecordIsRejectedWithItsOriginAndTheRecordsAroundItAreNotLost() {
        byte[] json = "{\"channel\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        handle(new BatchListenerFailedException("unreadable record",
                new DeserializationException("failed to deserialize", json, false, new IllegalStateException("magic")), 2));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(42)), null); // records before it
        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(43)), null); // it, rejected
        verify(consumer).seek(PARTITION, 43); // the ones after it are redelivered
        assertThat(rejected).singleElement().satisfies(rejection -> {
            assertThat(rejection.getViolations().getFirst().getCode()).isEqualTo("not_avro");
            assertThat(rejection.getOrigin().getOffset()).isEqualTo(42L);
        });
    }

    @Test
    void recordWithoutValueIsRejectedAsNotAvro() {
        handle(new BatchListenerFailedException("unreadable record", new MalformedRecordException("no value"), 0));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(41)), null);
        assertThat(rejected).singleElement().satisfies(
                rejection -> assertThat(rejection.getViolations().getFirst().getCode()).isEqualTo("not_avro"));
    }

    @Test
    void unacknowledgedOutcomeIsRetriedFromItsRecordNotRejected() {
        handle(new NotAcknowledgedException("no acknowledgement", new TimeoutException("expired"), 1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(41)), null);
        verify(consumer, never()).commitSync(Map.of(PARTITION, new OffsetAndMetadata(42)), null);
        verify(consumer).seek(PARTITION, 41);
        assertThat(rejected).isEmpty();
    }

    @Test
    void unavailableRegistryIsRetriedNotRejected() {
        handle(new BatchListenerFailedException("unreadable record", new DeserializationException("failed",
                new byte[] {0, 0, 0, 0, 11, 2}, false,
                new RecordReadException(RecordReadException.Reason.REGISTRY_UNAVAILABLE, "HTTP 503")), 1));

        verify(consumer).seek(PARTITION, 41);
        verify(consumer, never()).commitSync(Map.of(PARTITION, new OffsetAndMetadata(42)), null);
        assertThat(rejected).isEmpty();
    }

    private void handle(BatchListenerFailedException failure) {
        var thrown = new ListenerExecutionFailedException("Listener failed", failure);
        // the handler throws when records remain to be redelivered (seeks done)
        assertThatThrownBy(() -> handler.handleBatch(thrown, poll, consumer, container, () -> {}))
                .isInstanceOf(RuntimeException.class);
        verify(consumer, never()).commitSync(any(Map.class));
    }

    private static ConsumerRecord<String, Object> record(long offset) {
        return new ConsumerRecord<>("herald.requests", 0, offset, "k", null);
    }
}
