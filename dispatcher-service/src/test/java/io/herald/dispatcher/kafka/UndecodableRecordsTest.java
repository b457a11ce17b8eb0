package io.herald.dispatcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class UndecodableRecordsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UndecodableRecords undecodable = new UndecodableRecords(meters);

    private static ConsumerRecord<String, Object> record(Object value) {
        return new ConsumerRecord<>("herald.signed.dingtalk", 3, 42L, "ops-alerts", value);
    }

    private double skipped() {
        return meters.counter(UndecodableRecords.COUNTER, "topic", "herald.signed.dingtalk").count();
    }

    @Test
    void undecodableValueIsCountedAndSkipped() {
        byte[] data = "access_token=abc123 garbage".getBytes(StandardCharsets.UTF_8);
        DeserializationException failure = new DeserializationException(
                "failed to deserialize", data, false, new IllegalStateException("Unknown magic byte!"));

        undecodable.recoverer().accept(record(null), new ListenerExecutionFailedException("listener failed", failure));

        assertThat(skipped()).isEqualTo(1);
    }

    @Test
    void reasonNamesTheDeserializerFailureButNotTheBytes() {
        byte[] data = "access_token=abc123".getBytes(StandardCharsets.UTF_8);
        DeserializationException failure = new DeserializationException(
                "failed to deserialize", data, false, new IllegalStateException("Unknown magic byte!"));

        assertThat(UndecodableRecords.reason(new ListenerExecutionFailedException("x", failure)))
                .isEqualTo("value could not be deserialized: java.lang.IllegalStateException: Unknown magic byte!")
                .doesNotContain("abc123");
    }

    @Test
    void reasonOfAListenerFailureNamesTheFailureAndItsRootCause() {
        Exception failure = new ListenerExecutionFailedException("Listener failed",
                new IllegalStateException("outcome not acknowledged", new java.util.concurrent.TimeoutException("30s")));

        assertThat(UndecodableRecords.reason(failure)).isEqualTo(
                "java.lang.IllegalStateException: outcome not acknowledged (cause: java.util.concurrent.TimeoutException: 30s)");
    }

    @Test
    void listenerSkipsAValueThatIsNotASignedDelivery() {
        SignedDeliveryListener listener = new SignedDeliveryListener(Provider.DINGTALK, null, undecodable);

        listener.onMessage(record("a string"));
        listener.onMessage(record(null));

        assertThat(skipped()).isEqualTo(2);
    }
}
