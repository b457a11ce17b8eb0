package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.Fixtures.NOTIFICATION_ID;
import static io.herald.dispatcher.Fixtures.SIGN;
import static io.herald.dispatcher.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.Provider;
import io.herald.contract.kafka.Topics;
import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.LoopbackProvider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * One try end to end, without a broker: a real HTTP provider on 127.0.0.1 and Kafka's {@link MockProducer}
 * behind a real {@link KafkaTemplate}; the test reads the records the dispatcher wrote.
 */
class DeliveryServiceTest {

    private static final List<Duration> TIERS =
            List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1));

    private final Topics topics = new Topics("", TIERS);
    private final LoopbackProvider provider = LoopbackProvider.start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    private MockProducer<String, Object> producer = producer(true);

    /** KafkaTemplate closes a non-shared producer after each send; this one stays open to keep its history. */
    private static MockProducer<String, Object> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), (topic, value) -> new byte[0]) {
            @Override
            public void close(Duration timeout) {}
        };
    }

    private DeliveryService service(Duration ackTimeout) {
        Clock clock = Clock.systemUTC();
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        return new DeliveryService(
                new HttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(2), clock),
                new DeliveryClassifier(ProviderClassifiers.builtIn()),
                new RetryPolicy(5, Duration.ofDays(3650), TIERS),
                new OutcomeWriter(kafka, topics, ackTimeout),
                clock,
                "dispatcher-test-1",
                meters);
    }

    private SignedDelivery signedNow(int attempt) {
        return Fixtures.signed(provider.endpoint(), attempt, Instant.now(), List.of());
    }

    private List<ProducerRecord<String, Object>> written(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private DeliveryAttempt onlyAttempt() {
        assertThat(written(topics.attempts())).hasSize(1);
        ProducerRecord<String, Object> record = written(topics.attempts()).getFirst();
        assertThat(record.key()).isEqualTo(NOTIFICATION_ID);
        return (DeliveryAttempt) record.value();
    }

    @Test
    void deliveredNotificationWritesOnlyItsAttempt() throws InterruptedException {
        Instant before = Instant.now();

        Decision decision = service(Duration.ofSeconds(5)).deliver(Provider.DINGTALK, signedNow(1));

        assertThat(decision).isInstanceOf(Decision.Done.class);
        assertThat(provider.received()).hasSize(1);
        DeliveryAttempt attempt = onlyAttempt();
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(attempt.getNotificationId()).isEqualTo(NOTIFICATION_ID);
        assertThat(attempt.getChannel()).isEqualTo(Fixtures.CHANNEL);
        assertThat(attempt.getProvider()).isEqualTo("dingtalk");
        assertThat(attempt.getTenant()).isEqualTo("acme");
        assertThat(attempt.getAttempt()).isEqualTo(1);
        assertThat(attempt.getHttpStatus()).isEqualTo(200);
        assertThat(attempt.getProviderCode()).isEqualTo("0");
        assertThat(attempt.getProviderMessage()).isEqualTo("ok");
        assertThat(attempt.getError()).isNull();
        assertThat(attempt.getDispatcher()).isEqualTo("dispatcher-test-1");
        assertThat(attempt.getStartedAt()).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(attempt.getLatencyMs()).isNotNegative();
        assertThat(attempt.getResponseDate()).isNotNull();
        assertThat(producer.history()).hasSize(1);
        assertThat(meters.counter("herald.dispatcher.attempts", "provider", "dingtalk", "outcome", "DELIVERED").count())
                .isEqualTo(1);
    }

    @Test
    void unavailableProviderGetsAttemptAndRetryOnFirstTier() throws InterruptedException {
        provider.answer(503, "text/html", "<html>down</html>");
        Instant before = Instant.now();

        service(Duration.ofSeconds(5)).deliver(Provider.DINGTALK, signedNow(1));

        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(written("herald.retry.10s")).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(NOTIFICATION_ID);
            DeliveryRetry retry = (DeliveryRetry) record.value();
            assertThat(retry.getNextAttempt()).isEqualTo(2);
            assertThat(retry.getDueAt()).isBetween(before.plusSeconds(10), Instant.now().plusSeconds(10));
            assertThat(retry.getPriorAttempts()).singleElement()
                    .satisfies(a -> assertThat(a.getHttpStatus()).isEqualTo(503));
        });
        assertThat(written(topics.deadLetters())).isEmpty();
    }

    @Test
    void signatureMismatchGoesStraightToDeadLetters() throws InterruptedException {
        provider.answer(200, "application/json", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");

        service(Duration.ofSeconds(5)).deliver(Provider.DINGTALK, signedNow(1));

        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(written(topics.deadLetters())).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(NOTIFICATION_ID);
            DeadLetter dead = (DeadLetter) record.value();
            assertThat(dead.getReason()).isEqualTo("DingTalk errcode 310000: sign not match");
            assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(dead.getAttempts()).hasSize(1);
        });
        assertThat(topics.retryTopics()).allSatisfy(topic -> assertThat(written(topic)).isEmpty());
    }

    @Test
    void expiredSignatureIsNeverSentButResigned() throws InterruptedException {
        SignedDelivery stale = Fixtures.signed(provider.endpoint(), 2, Instant.now().minus(Duration.ofHours(2)), List.of());

        service(Duration.ofSeconds(5)).deliver(Provider.DINGTALK, stale);

        assertThat(provider.received()).isEmpty();
        DeliveryAttempt attempt = onlyAttempt();
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.RESIGN);
        assertThat(attempt.getError()).startsWith("not sent: signature expired at");
        assertThat(attempt.getHttpStatus()).isNull();
        assertThat(written("herald.retry.10s")).hasSize(1);
    }

    @Test
    void attemptsAndDeadLettersNeverCarryTheUrlCredentials() throws InterruptedException {
        provider.answer(200, "application/json",
                "{\"errcode\":300001,\"errmsg\":\"token not found in ?access_token=" + TOKEN + "\"}");

        service(Duration.ofSeconds(5)).deliver(Provider.DINGTALK, signedNow(1));

        assertThat(producer.history()).isNotEmpty().allSatisfy(record ->
                assertThat(record.value().toString()).doesNotContain(TOKEN, SIGN));
    }

    @Test
    void unacknowledgedOutcomeFailsTheTry() {
        producer = producer(false);

        assertThatThrownBy(() -> service(Duration.ofMillis(200)).deliver(Provider.DINGTALK, signedNow(1)))
                .isInstanceOf(OutcomeWriter.OutcomeNotWrittenException.class)
                .hasMessageStartingWith("outcome of notification " + NOTIFICATION_ID + " attempt 1 not acknowledged by Kafka");
    }
}
