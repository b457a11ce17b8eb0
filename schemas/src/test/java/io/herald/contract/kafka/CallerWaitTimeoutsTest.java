package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
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
}
