package io.herald.audit.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ChannelWriterTest {

    @Test
    void theProducerGivesUpWithinTheSendTimeoutSoARolledBackVersionIsNeverWrittenLater() {
        Map<String, Object> timeouts =
                ChannelWriter.producerTimeouts(Duration.ofSeconds(35), Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));

        long maxBlock = ((Number) timeouts.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).longValue();
        long delivery = ((Number) timeouts.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
        long request = ((Number) timeouts.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).longValue();
        // blocked in send() (metadata of a broker that is down: Kafka's default was 60 s), then waiting for the ack
        assertThat(maxBlock).isEqualTo(8_750);
        assertThat(delivery).isEqualTo(21_000);
        assertThat(maxBlock + delivery).isLessThan(Duration.ofSeconds(35).toMillis());
        // Kafka refuses a delivery timeout shorter than linger + request timeout
        assertThat(request + 5).isLessThanOrEqualTo(delivery);
    }
}
