package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.herald.contract.kafka.BatchSends.NotAcknowledgedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;

class BatchSendsTest {

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, Object> kafka = mock(KafkaOperations.class);

    private final BatchSends sends = new BatchSends(kafka, Duration.ofMillis(200));

    @Test
    void allAcknowledgedReturns() {
        sends.add(0, "a", CompletableFuture.completedFuture(null));
        sends.add(1, "a", CompletableFuture.completedFuture(null));
        sends.add(1, "b", CompletableFuture.completedFuture(null));

        assertThatCode(sends::awaitAcks).doesNotThrowAnyException();
        assertThat(sends.size()).isEqualTo(3);
    }

    @Test
    void nothingSentReturnsAtOnce() {
        assertThatCode(sends::awaitAcks).doesNotThrowAnyException();
    }

    @Test
    void failureNamesTheFirstInputRecordWhoseOutputFailed() {
        sends.add(0, "a", CompletableFuture.completedFuture(null));
        sends.add(1, "a", CompletableFuture.completedFuture(null));
        sends.add(2, "attempts", CompletableFuture.completedFuture(null));
        sends.add(2, "dead-letters", CompletableFuture.failedFuture(new RecordTooLargeException("too large")));
        sends.add(3, "a", CompletableFuture.failedFuture(new RecordTooLargeException("later")));

        assertThatThrownBy(sends::awaitAcks)
                .isInstanceOfSatisfying(
                        NotAcknowledgedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(2))
                .isInstanceOf(BatchListenerFailedException.class)
                .hasMessageContaining("could not write to dead-letters")
                .hasMessageContaining("too large")
                .hasCauseInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void unacknowledgedWithinTheTimeoutFailsAtThatRecord() {
        sends.add(0, "a", CompletableFuture.completedFuture(null));
        sends.add(1, "a", new CompletableFuture<>()); // never acknowledged
        sends.add(2, "a", CompletableFuture.completedFuture(null));

        long started = System.nanoTime();
        assertThatThrownBy(sends::awaitAcks)
                .isInstanceOfSatisfying(
                        NotAcknowledgedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("no acknowledgement from the broker for a within PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void theTimeoutIsOneDeadlineForTheWholeBatchNotOnePerRecord() {
        for (int i = 0; i < 5; i++) {
            sends.add(i, "a", new CompletableFuture<>());
        }

        long started = System.nanoTime();
        assertThatThrownBy(sends::awaitAcks)
                .isInstanceOfSatisfying(
                        NotAcknowledgedException.class,
                        e -> assertThat(e.getIndex()).isZero());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void recordRefusedAtOnceBySendFailsAtItsIndexWhenAwaited() {
        when(kafka.send(anyString(), anyString(), any()))
                .thenReturn(CompletableFuture.completedFuture(null))
                .thenThrow(new SerializationException("schema registry unavailable"));

        sends.send(0, "accepted", "k", "v");
        sends.send(1, "accepted", "k", "v"); // does not throw here

        assertThatThrownBy(sends::awaitAcks)
                .isInstanceOfSatisfying(
                        NotAcknowledgedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("schema registry unavailable");
    }

    @Test
    void failureOfARecordBeforeItsOutputIsSentFailsAtThatRecordOnceEarlierOnesAreAcknowledged() {
        CompletableFuture<Object> earlier = new CompletableFuture<>();
        sends.add(0, "a", earlier);
        sends.add(1, "a", new CompletableFuture<>()); // the failing record's partial output: not awaited
        Thread.ofVirtual().start(() -> earlier.complete(null));

        BatchListenerFailedException failure = sends.failedAt(1, new IllegalStateException("unsignable"));

        assertThat(failure).isNotInstanceOf(NotAcknowledgedException.class);
        assertThat(failure.getIndex()).isEqualTo(1);
        assertThat(failure.getCause()).hasMessage("unsignable");
    }

    @Test
    void failureOfARecordReportsAnEarlierRecordWhoseOutputWasNotAcknowledged() {
        sends.add(0, "a", CompletableFuture.completedFuture(null));
        sends.add(1, "a", CompletableFuture.failedFuture(new RecordTooLargeException("too large")));

        BatchListenerFailedException failure = sends.failedAt(3, new IllegalStateException("unsignable"));

        assertThat(failure).isInstanceOf(NotAcknowledgedException.class);
        assertThat(failure.getIndex()).isEqualTo(1);
    }

    @Test
    void outputsMustBeAddedInInputOrder() {
        sends.add(3, "a", CompletableFuture.completedFuture(null));

        assertThatThrownBy(() -> sends.add(2, "a", CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
