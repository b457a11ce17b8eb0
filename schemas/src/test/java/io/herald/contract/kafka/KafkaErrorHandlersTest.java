package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.herald.contract.kafka.BatchSends.NotAcknowledgedException;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
import org.springframework.util.backoff.BackOffExecution;

/**
 * The services' error handler with a batch listener: a failure at record i commits the records before it; a record
 * that can never be read or processed is skipped (and committed); a write that was not acknowledged, or a record the
 * registry could not be asked about, is retried from that record on.
 */
class KafkaErrorHandlersTest {

    private static final TopicPartition PARTITION = new TopicPartition("herald.accepted", 0);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DefaultErrorHandler handler =
            KafkaErrorHandlers.untilItWorks(Duration.ofMillis(1), Duration.ofMillis(2), new MalformedRecords(meters));

    @SuppressWarnings("unchecked")
    private final Consumer<String, Object> consumer = mock(Consumer.class);

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);
    private final ConsumerRecords<String, Object> poll =
            new ConsumerRecords<>(Map.of(PARTITION, List.of(record(10), record(11), record(12), record(13))), Map.of());

    KafkaErrorHandlersTest() {
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("herald.accepted"));
        when(container.isRunning()).thenReturn(true);
    }

    @Test
    void unprocessableRecordIsSkippedAndTheRecordsBeforeItCommitted() {
        handle(new BatchListenerFailedException("unsignable", new UnprocessableRecordException("api call"), 2));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(12)), null);
        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(13)), null); // skipped
        verify(consumer).seek(PARTITION, 13);
        assertThat(skipped("unprocessable")).isEqualTo(1.0);
    }

    @Test
    void undecodableRecordIsSkipped() {
        handle(new BatchListenerFailedException(
                "unreadable record",
                new DeserializationException(
                        "failed to deserialize", new byte[] {1}, false, new IllegalStateException("magic")),
                1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(11)), null);
        verify(consumer).seek(PARTITION, 12);
        assertThat(skipped("undecodable")).isEqualTo(1.0);
    }

    @Test
    void recordTheRegistryCouldNotBeAskedAboutIsRetriedFromItsRecordNotSkipped() {
        handle(new BatchListenerFailedException(
                "registry",
                new DeserializationException(
                        "failed",
                        new byte[] {0},
                        false,
                        new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "connect timed out")),
                1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(11)), null);
        verify(consumer, never()).commitSync(Map.of(PARTITION, new OffsetAndMetadata(12)), null);
        verify(consumer).seek(PARTITION, 11);
        assertThat(meters.find(MalformedRecords.METER).counter()).isNull();
    }

    @Test
    void unacknowledgedWriteIsRetriedFromItsRecordNotSkipped() {
        handle(new NotAcknowledgedException("no acknowledgement", new TimeoutException("expired"), 1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(11)), null);
        verify(consumer, never()).commitSync(Map.of(PARTITION, new OffsetAndMetadata(12)), null);
        verify(consumer).seek(PARTITION, 11);
        assertThat(meters.find(MalformedRecords.METER).counter()).isNull();
    }

    @Test
    void backOffNeverGivesUpAndCapsAtItsMaximum() {
        BackOffExecution execution = KafkaErrorHandlers.backOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .start();
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).isNotEqualTo(BackOffExecution.STOP);
        }
        assertThat(last).isEqualTo(30_000);
    }

    private void handle(BatchListenerFailedException failure) {
        var thrown = new ListenerExecutionFailedException("Listener failed", failure);
        // the handler throws when records remain to be redelivered (seeks done)
        assertThatThrownBy(() -> handler.handleBatch(thrown, poll, consumer, container, () -> {}))
                .isInstanceOf(RuntimeException.class);
        verify(consumer, never()).commitSync(any(Map.class));
    }

    private double skipped(String reason) {
        return meters.get(MalformedRecords.METER)
                .tags("topic", "herald.accepted", "reason", reason)
                .counter()
                .count();
    }

    private static ConsumerRecord<String, Object> record(long offset) {
        return new ConsumerRecord<>("herald.accepted", 0, offset, "ops", "n-" + offset);
    }
}
