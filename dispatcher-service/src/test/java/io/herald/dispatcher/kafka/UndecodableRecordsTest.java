package io.herald.dispatcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.Provider;
import io.herald.dispatcher.lanes.ChannelLanes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

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
    void listenerSkipsValuesThatAreNotSignedDeliveries() {
        SignedBatchListener listener = listener();
        ConsumerRecord<String, Object> unreadable = record(null);
        SerializationUtils.deserializationException(unreadable.headers(), new byte[] {1, 2},
                new DeserializationException("failed to deserialize", new byte[] {1, 2}, false,
                        new IllegalStateException("Unknown magic byte!")), false);

        listener.onMessage(List.of(record("a string"), record(null), unreadable));

        assertThat(skipped()).isEqualTo(3);
    }

    @Test
    void registryOutageIsNeverSkippedButRetriedFromThatRecord() {
        SignedBatchListener listener = listener();
        ConsumerRecord<String, Object> unreadable = new ConsumerRecord<>("herald.signed.dingtalk", 3, 43L, "ops-alerts", null);
        SerializationUtils.deserializationException(unreadable.headers(), new byte[] {0, 0, 0, 0, 7},
                new DeserializationException("failed to deserialize", new byte[] {0, 0, 0, 0, 7}, false,
                        new java.net.ConnectException("Connection refused")), false);

        assertThatThrownBy(() -> listener.onMessage(List.of(record("a string"), unreadable)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("schema registry unavailable while reading herald.signed.dingtalk-3@43");
        assertThat(skipped()).isEqualTo(1);
    }

    private SignedBatchListener listener() {
        return new SignedBatchListener(Provider.DINGTALK,
                new ChannelLanes(null, Duration.ofSeconds(60), Clock.systemUTC()), undecodable);
    }
}
