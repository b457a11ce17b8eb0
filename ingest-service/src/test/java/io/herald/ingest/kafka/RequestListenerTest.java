package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.kafka.Topics;
import io.herald.schema.NotificationRequest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class RequestListenerTest {

    private final RequestListener listener = new RequestListener(null, new Topics("staging.", List.of(Duration.ofSeconds(10))));

    @Test
    void listenerReadsTheRequestsTopicOfTheTopicsBean() {
        assertThat(listener.requestsTopic()).isEqualTo("staging.herald.requests");
    }

    @Test
    void listenerOverridesTheValueDeserializerWithTheRequestCheckingOne() {
        assertThat(RequestListener.VALUE_DESERIALIZER)
                .isEqualTo(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS + "=" + NotificationRequestDeserializer.class.getName());
    }

    @Test
    void recordWithoutValueIsMalformedNotRetried() {
        ConsumerRecord<String, NotificationRequest> tombstone = new ConsumerRecord<>("herald.requests", 0, 7L, "k", null);

        assertThatThrownBy(() -> listener.onRequests(List.of(tombstone)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero())
                .cause()
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("no value");
    }
}
