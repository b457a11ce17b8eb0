package io.herald.dispatcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.kiota.ApiException;
import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

class SignedTopicErrorHandlerTest {

    private static DeserializationException undecodable(Throwable cause) {
        return new DeserializationException("failed to deserialize", new byte[] {1, 2}, false, cause);
    }

    private static boolean skippedAtOnce(Throwable exception) {
        BackOff backOff = SignedTopicErrorHandler.backOffFor(exception);
        return backOff != null && backOff.start().nextBackOff() == BackOffExecution.STOP;
    }

    @Test
    void garbageRecordIsSkippedAtOnce() {
        assertThat(skippedAtOnce(undecodable(new IllegalStateException("artifact reference cannot be null")))).isTrue();
    }

    @Test
    void truncatedAvroIsSkippedAtOnce() {
        assertThat(skippedAtOnce(undecodable(new EOFException()))).isTrue();
    }

    @Test
    void unreachableRegistryIsRetriedNotSkipped() {
        // what the Apicurio deserializer throws when the registry port is closed
        Throwable refused = new RuntimeException(new RuntimeException(new ExecutionException(
                new ConnectException("Connection refused: /127.0.0.1:8081"))));

        assertThat(SignedTopicErrorHandler.backOffFor(undecodable(refused))).isNull();
    }

    @Test
    void registryServerErrorIsRetriedNotSkipped() {
        ApiException unavailable = new ApiException("registry unavailable") {
            @Override
            public int getResponseStatusCode() {
                return 503;
            }
        };

        assertThat(SignedTopicErrorHandler.backOffFor(undecodable(unavailable))).isNull();
    }

    @Test
    void unknownSchemaIdIsSkipped() {
        ApiException notFound = new ApiException("No content with id 7") {
            @Override
            public int getResponseStatusCode() {
                return 404;
            }
        };

        assertThat(skippedAtOnce(undecodable(notFound))).isTrue();
    }

    @Test
    void unacknowledgedOutcomeIsRetriedUntilItWorks() {
        assertThat(SignedTopicErrorHandler.backOffFor(new KafkaException("broker unavailable"))).isNull();
        BackOffExecution execution = SignedTopicErrorHandler.untilItWorks().start();
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = execution.nextBackOff();
        }
        assertThat(last).isEqualTo(30_000);
    }
}
