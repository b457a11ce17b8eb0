package io.herald.signer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.signer.signing.UnsignableNotificationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class SkippedRecordRecovererTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SkippedRecordRecoverer recoverer = new SkippedRecordRecoverer(meters);

    @Test
    void undecodableRecordIsCountedByTopic() {
        var record = new ConsumerRecord<String, Object>("herald.accepted", 2, 17, "ops", null);
        var failure = new ListenerExecutionFailedException("Listener failed",
                new DeserializationException("failed to deserialize", new byte[] {1, 2}, false,
                        new IllegalStateException("Unknown magic byte")));

        recoverer.accept(record, failure);
        recoverer.accept(record, failure);

        assertThat(meters.get(SkippedRecordRecoverer.METER)
                .tags("topic", "herald.accepted", "reason", "undecodable").counter().count()).isEqualTo(2.0);
    }

    @Test
    void unsignableRecordIsCountedSeparately() {
        var record = new ConsumerRecord<String, Object>("herald.retry.10s", 0, 3, "n-1", "not a retry");

        recoverer.accept(record, new ListenerExecutionFailedException("Listener failed",
                new UnsignableNotificationException("record is not a DeliveryRetry but String")));

        assertThat(meters.get(SkippedRecordRecoverer.METER)
                .tags("topic", "herald.retry.10s", "reason", "unsignable").counter().count()).isEqualTo(1.0);
    }

    @Test
    void failureDescriptionNamesTheCauseAndMasksCredentials() {
        var failure = new ListenerExecutionFailedException("Listener failed", new IllegalStateException(
                "POST https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=xyz failed"));

        assertThat(Failures.describe(failure)).isEqualTo("IllegalStateException: POST "
                + "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=*** failed");
    }
}
