package io.herald.contract.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Send outcomes in, the {@code kafkaProducer} and liveness verdicts out. */
class KafkaProducerWatchTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final KafkaProducerWatch watch = new KafkaProducerWatch(clock);

    @Test
    void aProducerWhoseSendsAreAnsweredIsUp() {
        watch.producerCreated(Duration.ofSeconds(10), Duration.ofSeconds(30));
        watch.sent();
        watch.sent();
        watch.answered(null);
        watch.answered(null);

        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(watch.stall()).isEmpty();
    }

    @Test
    void anAuthorizationFailureMakesTheProducerUnusableUntilASendSucceeds() {
        watch.sent();
        watch.answered(new TopicAuthorizationException(Set.of("herald.accepted")));

        Health health = watch.readiness();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
                .containsEntry(
                        "failure", "TopicAuthorizationException: Not authorized to access topics: [herald.accepted]")
                .containsEntry("since", START.toString());
        // a refusal is answered, so the sender runs: not a matter for a restart
        assertThat(watch.stall()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        watch.sent();
        watch.answered(null);
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(watch.readiness().getDetails()).isEmpty();
    }

    @Test
    void aClosedProducerAndABrokenIdempotentSessionAreTheProducers() {
        assertThat(KafkaProducerWatch.isTheProducers(
                        new IllegalStateException("Cannot perform operation after producer has been closed")))
                .isTrue();
        assertThat(KafkaProducerWatch.isTheProducers(new KafkaException(
                        "Cannot perform send because at least one previous transactional or idempotent request has failed "
                                + "with errors.",
                        new ClusterAuthorizationException("Cluster authorization failed."))))
                .isTrue();
        assertThat(KafkaProducerWatch.isTheProducers(new SaslAuthenticationException("Authentication failed")))
                .isTrue();
    }

    @Test
    void aRecordsOwnFailureOrABrokerOutageSaysNothingAboutTheProducer() {
        List<Exception> notTheProducers = List.of(
                new RecordTooLargeException("The message is 1100000 bytes when serialized"),
                new SerializationException("Error serializing Avro message"),
                new TimeoutException("Expiring 3 record(s) for herald.accepted-0: 30001 ms has passed"),
                new NotEnoughReplicasException("Messages are rejected since there are fewer in-sync replicas"));
        for (Exception failure : notTheProducers) {
            watch.sent();
            watch.answered(failure);

            assertThat(watch.readiness().getStatus()).as(failure.toString()).isEqualTo(Status.UP);
        }
    }

    @Test
    void aFailureKeepsItsFirstSinceAndItsMessageIsRedacted() {
        watch.sent();
        watch.answered(new SaslAuthenticationException("Authentication failed: Authorization: Bearer s3cr3t"));
        clock.advance(Duration.ofSeconds(10));
        watch.sent();
        watch.answered(new SaslAuthenticationException("Authentication failed: Authorization: Bearer s3cr3t"));

        Map<String, Object> details = watch.readiness().getDetails();
        assertThat(details).containsEntry("since", START.toString());
        assertThat(details.get("failure").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void sendsUnansweredLongerThanTheProducerCanTakeMeanItsSenderThreadIsDead() {
        watch.producerCreated(Duration.ofSeconds(10), Duration.ofSeconds(30));
        watch.sent();
        clock.advance(Duration.ofSeconds(1));
        watch.sent();

        // max.block.ms + delivery.timeout.ms + 5 s margin = 45 s from the first unanswered send
        clock.advance(Duration.ofSeconds(44));
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(2));
        Health health = watch.readiness();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
                .containsEntry("state", "stalled")
                .containsEntry("unansweredSends", 2L)
                .containsEntry("since", START.toString());
        assertThat(watch.stall()).containsEntry("state", "stalled");

        watch.answered(null);
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(watch.stall()).isEmpty();
    }

    @Test
    void aBusyProducerThatKeepsAnsweringNeverStalls() {
        watch.producerCreated(Duration.ofSeconds(1), Duration.ofSeconds(2));
        watch.sent();
        for (int second = 0; second < 60; second++) {
            // always some send in flight, and an answer every 3 s: each within 8 s of the one before
            watch.sent();
            clock.advance(Duration.ofSeconds(1));
            if (second % 3 == 0) {
                watch.answered(null);
            }
            assertThat(watch.stall()).as("second " + second).isEmpty();
        }
    }

    @Test
    void theLimitIsTheSlowestProducersMaxBlockPlusDeliveryTimeoutAsConfigured() {
        KafkaProducerWatchInterceptor interceptor = new KafkaProducerWatchInterceptor();
        interceptor.configure(Map.of(
                KafkaProducerWatchInterceptor.WATCH,
                watch,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "2000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                5000));

        interceptor.onSend(new ProducerRecord<>("herald.accepted", "key", "value"));
        clock.advance(Duration.ofSeconds(12));
        assertThat(watch.stall()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(watch.stall()).containsEntry("unansweredSends", 1L);

        interceptor.onAcknowledgement(null, null);
        assertThat(watch.stall()).isEmpty();
    }

    @Test
    void theWatchInterceptorIsAddedAfterTheServicesOwnOnce() {
        String watchInterceptor = KafkaProducerWatchInterceptor.class.getName();

        assertThat(HeraldHealthAutoConfiguration.withWatchInterceptor(null))
                .containsExactly(KafkaProducerWatchInterceptor.class);
        assertThat(HeraldHealthAutoConfiguration.withWatchInterceptor("com.example.Tracing, com.example.Audit"))
                .containsExactly("com.example.Tracing", "com.example.Audit", KafkaProducerWatchInterceptor.class);
        assertThat(HeraldHealthAutoConfiguration.withWatchInterceptor(List.of(watchInterceptor)))
                .containsExactly(watchInterceptor);
    }
}
