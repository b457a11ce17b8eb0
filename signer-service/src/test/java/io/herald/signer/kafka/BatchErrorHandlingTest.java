package io.herald.signer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.herald.contract.kafka.BatchSends.NotAcknowledgedException;
import io.herald.signer.SignerProperties;
import io.herald.signer.signing.UnsignableNotificationException;
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

/**
 * The signer's error handler with the batch listener of herald.accepted: a failure at record i commits the records
 * before it; an unreadable or unsignable record is skipped (and committed), a write that was not acknowledged is
 * retried from that record on.
 */
class BatchErrorHandlingTest {

    private static final TopicPartition PARTITION = new TopicPartition("herald.accepted", 0);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DefaultErrorHandler handler = new SignerKafkaConfiguration().signerErrorHandler(
            new SkippedRecordRecoverer(meters),
            new SignerProperties(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(2)));
    @SuppressWarnings("unchecked")
    private final Consumer<String, Object> consumer = mock(Consumer.class);
    private final MessageListenerContainer container = mock(MessageListenerContainer.class);
    private final ConsumerRecords<String, Object> poll = new ConsumerRecords<>(Map.of(PARTITION, List.of(
            record(10), record(11), record(12), record(13))), Map.of());

    BatchErrorHandlingTest() {
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("herald.accepted"));
        when(container.isRunning()).thenReturn(true);
    }

    @Test
    void unsignableRecordIsSkippedAndTheRecordsBeforeItCommitted() {
        handle(new BatchListenerFailedException("unsignable", new UnsignableNotificationException("api call"), 2));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(12)), null);
        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(13)), null); // skipped
        verify(consumer).seek(PARTITION, 13);
        assertThat(skipped("unsignable")).isEqualTo(1.0);
    }

    @Test
    void undecodableRecordIsSkipped() {
        handle(new BatchListenerFailedException("unreadable record",
                new DeserializationException("failed to deserialize", new byte[] {1}, false, new IllegalStateException("magic")), 1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(11)), null);
        verify(consumer).seek(PARTITION, 12);
        assertThat(skipped("undecodable")).isEqualTo(1.0);
    }

    @Test
    void unacknowledgedWriteIsRetriedFromItsRecordNotSkipped() {
        handle(new NotAcknowledgedException("no acknowledgement", new TimeoutException("expired"), 1));

        verify(consumer).commitSync(Map.of(PARTITION, new OffsetAndMetadata(11)), null);
        verify(consumer, never()).commitSync(Map.of(PARTITION, new OffsetAndMetadata(12)), null);
        verify(consumer).seek(PARTITION, 11);
        assertThat(meters.find(SkippedRecordRecoverer.METER).counter()).isNull();
    }

    private void handle(BatchListenerFailedException failure) {
        var thrown = new ListenerExecutionFailedException("Listener failed", failure);
        // the handler throws when records remain to be redelivered (seeks done)
        assertThatThrownBy(() -> handler.handleBatch(thrown, poll, consumer, container, () -> {}))
                .isInstanceOf(RuntimeException.class);
        verify(consumer, never()).commitSync(any(Map.class));
    }

    private double skipped(String reason) {
        return meters.get(SkippedRecordRecoverer.METER).tags("topic", "herald.accepted", "reason", reason).counter().count();
    }

    private static ConsumerRecord<String, Object> record(long offset) {
        return new ConsumerRecord<>("herald.accepted", 0, offset, "ops", "n-" + offset);
    }
}
