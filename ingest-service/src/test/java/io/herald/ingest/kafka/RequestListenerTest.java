package io.herald.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.RecordReadException;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.contract.kafka.Topics;
import io.herald.contract.tracing.RecordTracing;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.IntakeService;
import io.herald.schema.NotificationRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class RequestListenerTest {

    private final IntakeService intake = mock(IntakeService.class);
    private final RequestListener listener = new RequestListener(
            intake,
            new Topics("staging.", List.of(Duration.ofSeconds(10))),
            new MalformedRecords(new SimpleMeterRegistry()),
            RecordTracing.none());

    @Test
    void listenerReadsTheRequestsTopicOfTheTopicsBean() {
        assertThat(listener.requestsTopic()).isEqualTo("staging.herald.requests");
    }

    @Test
    void malformedRecordsAreRejectedInTheSameBatchInPollOrderWithTheirBytes() {
        List<ConsumerRecord<String, Object>> poll = List.of(
                record(0, request("a"), null),
                record(1, null, new RecordReadException(Reason.NOT_AVRO, "its first byte is 0x7b")),
                record(2, null, null),
                record(3, request("b"), null));

        listener.onRequests(poll);

        List<IntakeRequest> submitted = submitted();
        assertThat(submitted).extracting(IntakeRequest::channel).containsExactly("a", null, null, "b");
        assertThat(submitted.get(1).readProblems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("record");
            assertThat(problem.code()).isEqualTo("not_avro");
            assertThat(problem.message()).isEqualTo("its first byte is 0x7b");
        });
        assertThat(submitted.get(1).unreadable().payload()).containsExactly(7, 7);
        assertThat(submitted.get(1).origin().getOffset()).isEqualTo(1);
        assertThat(submitted.get(2).readProblems().getFirst().message()).contains("no value");
    }

    @Test
    void aRecordTheRegistryCouldNotBeAskedAboutIsRetriedAfterTheRecordsBeforeItAreSubmitted() {
        List<ConsumerRecord<String, Object>> poll = List.of(
                record(0, request("a"), null),
                record(1, null, new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "connect timed out")),
                record(2, request("b"), null));

        assertThatThrownBy(() -> listener.onRequests(poll))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(submitted()).extracting(IntakeRequest::channel).containsExactly("a");
    }

    @SuppressWarnings("unchecked")
    private List<IntakeRequest> submitted() {
        ArgumentCaptor<List<IntakeRequest>> captor = ArgumentCaptor.forClass(List.class);
        verify(intake).submitAll(captor.capture(), any());
        return captor.getValue();
    }

    private static NotificationRequest request(String channel) {
        NotificationRequest request = new NotificationRequest();
        request.setChannel(channel);
        return request;
    }

    private static ConsumerRecord<String, Object> record(long offset, Object value, RecordReadException failure) {
        RecordHeaders headers = new RecordHeaders();
        if (failure != null) {
            Deserializer<Object> failing = (topic, data) -> {
                throw failure;
            };
            try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>(failing)) {
                deserializer.deserialize("herald.requests", headers, new byte[] {7, 7});
            }
        }
        return new ConsumerRecord<>(
                "herald.requests",
                0,
                offset,
                -1L,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE,
                0,
                0,
                "key",
                value,
                headers,
                java.util.Optional.empty());
    }
}
