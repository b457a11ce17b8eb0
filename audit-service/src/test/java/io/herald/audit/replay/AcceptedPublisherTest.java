package io.herald.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

/** What replays and channel tests write to herald.accepted, and how a missing acknowledgement is reported. */
class AcceptedPublisherTest {

    private static final Duration SEND_TIMEOUT = Duration.ofMillis(300);

    private static AcceptedPublisher publisher(MockProducer<String, Object> producer) {
        return publisher(producer, SEND_TIMEOUT);
    }

    private static AcceptedPublisher publisher(MockProducer<String, Object> producer, Duration sendTimeout) {
        HeraldKafkaProperties properties =
                new HeraldKafkaProperties("http://registry", "", 1, (short) 1, 1, List.of(), sendTimeout, null);
        return new AcceptedPublisher(
                new KafkaTemplate<>(() -> producer), new Topics("test.", List.of(Duration.ofSeconds(10))), properties);
    }

    private static MockProducer<String, Object> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), (topic, value) -> new byte[0]);
    }

    private static AcceptedNotification notification() {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1-replay-1")
                .setChannel("ops-alerts")
                .setProvider("dingtalk")
                .setContent(ChatMessage.newBuilder()
                        .setText("disk full")
                        .setFormat(MessageFormat.TEXT)
                        .setMentions(Mentions.newBuilder().build())
                        .build())
                .setSource(Source.REPLAY)
                .setAcceptedAt(Instant.parse("2026-12-01T10:00:00Z"))
                .build();
    }

    @Test
    void theNotificationGoesToAcceptedKeyedByItsChannel() throws Exception {
        MockProducer<String, Object> producer = producer(true);

        publisher(producer).publish(notification());

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test.herald.accepted");
            assertThat(record.key()).isEqualTo("ops-alerts");
            assertThat(record.value()).isEqualTo(notification());
        });
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNotAcknowledgedAfterTheSendTimeout() {
        AcceptedPublisher publisher = publisher(producer(false));

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(notification()))
                .isInstanceOfSatisfying(
                        AcceptedPublisher.NotAcknowledgedException.class,
                        e -> assertThat(e.interrupted()).isFalse())
                .hasMessage("no acknowledgement within PT0.6S");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(SEND_TIMEOUT)
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBrokerErrorIsNotAcknowledgedWithItsCause() {
        MockProducer<String, Object> producer = producer(false);
        Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !producer.history().isEmpty());
            producer.errorNext(new NotEnoughReplicasException("2 of 3 replicas"));
        });

        // (waiting longer than the error takes to arrive on a busy machine)
        assertThatThrownBy(() -> publisher(producer, Duration.ofSeconds(10)).publish(notification()))
                .isInstanceOf(AcceptedPublisher.NotAcknowledgedException.class)
                // said in words: it reaches a replay's or a test's answer
                .hasMessage("the broker answered with an error")
                .hasRootCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void anInterruptedWaitSaysSoAndKeepsTheInterrupt() {
        AcceptedPublisher publisher = publisher(producer(false));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> publisher.publish(notification()))
                    .isInstanceOfSatisfying(
                            AcceptedPublisher.NotAcknowledgedException.class,
                            e -> assertThat(e.interrupted()).isTrue());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
