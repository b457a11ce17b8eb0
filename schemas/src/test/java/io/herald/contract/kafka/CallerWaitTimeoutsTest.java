package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class CallerWaitTimeoutsTest {

    @Test
    void theProducerGivesUpOnARecordBeforeTheCallerIsToldItWasNotWritten() {
        Map<String, Object> timeouts =
                CallerWaitTimeouts.within(Duration.ofSeconds(2), Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));

        long maxBlock = ((Number) timeouts.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).longValue();
        long delivery = ((Number) timeouts.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
        long request = ((Number) timeouts.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).longValue();
        assertThat(maxBlock).isEqualTo(500);
        assertThat(delivery).isEqualTo(1200);
        // blocked in send(), then expired by the producer: both inside the caller's wait, with a margin
        assertThat(maxBlock + delivery).isLessThanOrEqualTo(2000 - 300);
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms
        assertThat(delivery).isGreaterThanOrEqualTo(5 + request);
    }

    @Test
    void lingerFromTheProducerSettingsIsLeftOutOfTheRequestTimeout() {
        Map<String, Object> timeouts =
                CallerWaitTimeouts.within(Duration.ofMillis(1000), Map.of(ProducerConfig.LINGER_MS_CONFIG, "50"));

        assertThat(timeouts)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 550)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 250L);
    }

    private static final Duration SEND_TIMEOUT = Duration.ofMillis(300);

    @Test
    void aRecordAcknowledgedAfterTheCallersDeadlineIsReportedWritten() throws Exception {
        // send() was slow (a cold registry lookup): the producer acknowledges after the caller's deadline
        CompletableFuture<Object> ack = new CompletableFuture<>();
        ack.completeOnTimeout("written", 450, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        CallerWaitTimeouts.await(ack, started + SEND_TIMEOUT.toNanos(), SEND_TIMEOUT);

        assertThat(ack).isCompletedWithValue("written");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRecordTheProducerFailsAfterTheDeadlineIsReportedWithItsFailure() {
        CompletableFuture<Object> ack = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(450, TimeUnit.MILLISECONDS)
                .execute(() -> ack.completeExceptionally(new IllegalStateException("expired")));

        assertThatThrownBy(
                        () -> CallerWaitTimeouts.await(ack, System.nanoTime() + SEND_TIMEOUT.toNanos(), SEND_TIMEOUT))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("expired");
    }

    @Test
    void aProducerThatNeverDecidesTimesOutAfterTwiceTheSendTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> CallerWaitTimeouts.await(
                        new CompletableFuture<>(), started + SEND_TIMEOUT.toNanos(), SEND_TIMEOUT))
                .isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(SEND_TIMEOUT.multipliedBy(2))
                .isLessThan(Duration.ofSeconds(5));
    }
}
