package io.herald.signer.retry;

import static io.herald.signer.Fixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.signer.MutableClock;
import io.herald.signer.RecordingPublisher;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;
import org.springframework.kafka.support.Acknowledgment;

class RetryTierListenerTest {

    private static final String TOPIC = "herald.retry.10s";
    private static final Instant NOW = Instant.parse("2025-03-01T08:00:10Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final List<String> seeks = new ArrayList<>();
    private final List<Map.Entry<TopicPartition, Duration>> pauses = new ArrayList<>();
    private final RetryTierListener listener = new RetryTierListener(
            RetrySigningTest.retrySigning(clock, publisher),
            (partition, pause) -> pauses.add(Map.entry(partition, pause)));
    private final RecordingAcknowledgment acknowledgment = new RecordingAcknowledgment();

    RetryTierListenerTest() {
        listener.registerSeekCallback((ConsumerSeekCallback) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConsumerSeekCallback.class}, (proxy, method, args) -> {
                    if (method.getName().equals("seek") && args.length == 3 && args[2] instanceof Long offset) {
                        seeks.add(args[0] + "-" + args[1] + "@" + offset);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    @Test
    void retryNotDueRewindsAndPausesOnlyItsPartitionWithoutCommitting() {
        listener.onMessage(record(3, 42, RetrySigningTest.retry(2, NOW.plusSeconds(8), List.of())), acknowledgment);

        assertThat(seeks).containsExactly(TOPIC + "-3@42");
        assertThat(pauses).containsExactly(Map.entry(new TopicPartition(TOPIC, 3), Duration.ofSeconds(5)));
        assertThat(acknowledgment.acknowledged).isFalse();
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void dueRetryIsSignedAndAcknowledged() {
        listener.onMessage(record(3, 42, RetrySigningTest.retry(2, NOW, List.of())), acknowledgment);

        assertThat(acknowledgment.acknowledged).isTrue();
        assertThat(seeks).isEmpty();
        assertThat(pauses).isEmpty();
        assertThat(publisher.published())
                .singleElement()
                .satisfies(p -> assertThat(p.delivery().getAttempt()).isEqualTo(2));
    }

    @Test
    void recordOfAnotherTypeIsUnsignable() {
        assertThatThrownBy(() -> listener.onMessage(record(0, 1, accepted("n-1")), acknowledgment))
                .isInstanceOf(UnsignableNotificationException.class)
                .hasMessage("record is not a DeliveryRetry but AcceptedNotification");
        assertThat(acknowledgment.acknowledged).isFalse();
    }

    private static ConsumerRecord<String, Object> record(int partition, long offset, Object value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "n-1", value);
    }

    private static final class RecordingAcknowledgment implements Acknowledgment {
        boolean acknowledged;

        @Override
        public void acknowledge() {
            acknowledged = true;
        }
    }
}
