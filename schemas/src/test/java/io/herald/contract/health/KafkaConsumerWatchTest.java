package io.herald.contract.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ConcurrentContainerStoppedEvent;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStartedEvent;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent.Reason;
import org.springframework.kafka.event.NonResponsiveConsumerEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/** Spring Kafka's container events in, the {@code kafkaConsumers} and liveness verdicts out. */
class KafkaConsumerWatchTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final KafkaConsumerWatch watch = new KafkaConsumerWatch(Duration.ofMinutes(5), clock);

    @Test
    void aRunningConsumerIsUpAndNamedWithItsTopicsAndGroup() {
        KafkaMessageListenerContainer<?, ?> requests = container("herald-ingest-requests-0", "herald.requests");
        KafkaMessageListenerContainer<?, ?> retries = container("herald-signer-retry-10s-0", "herald.retry.10s");

        watch.onApplicationEvent(new ConsumerStartingEvent(requests, requests));
        watch.onApplicationEvent(new ConsumerStartedEvent(requests, requests));
        watch.onApplicationEvent(new ConsumerStartedEvent(retries, retries));

        Health health = watch.readiness();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("herald-ingest-requests-0", "herald-signer-retry-10s-0");
        assertThat(details(health, "herald-ingest-requests-0"))
                .containsEntry("state", "running")
                .containsEntry("topics", List.of("herald.requests"))
                .containsEntry("group", "herald-test")
                .containsEntry("since", START.toString());
        assertThat(watch.deadConsumers()).isEmpty();
    }

    @Test
    void aConsumerThatDoesNotReturnToPollIsDownSinceItsLastPollAndUpOnceTheChecksStopReportingIt() {
        KafkaMessageListenerContainer<?, ?> requests = started("herald-ingest-requests-0", "herald.requests");

        clock.advance(Duration.ofSeconds(60));
        watch.onApplicationEvent(notPollingFor(requests, Duration.ofSeconds(47)));

        Health health = watch.readiness();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(health, "herald-ingest-requests-0"))
                .containsEntry("state", "not polling")
                .containsEntry("topics", List.of("herald.requests"))
                .containsEntry("since", START.plusSeconds(13).toString())
                .containsEntry("reason", "the listener has not returned to poll for 47 s");
        // stuck for 47 s is not yet dead: it may be waiting out a dependency's timeouts
        assertThat(watch.deadConsumers()).isEmpty();

        // the container checks every 10 s; one missed check is tolerated
        clock.advance(Duration.ofSeconds(19));
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.DOWN);
        clock.advance(Duration.ofSeconds(2));
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(details(watch.readiness(), "herald-ingest-requests-0")).containsEntry("state", "running");
    }

    @Test
    void aConsumerNotPollingForLongerThanMaxPollIntervalIsDeadForLiveness() {
        KafkaMessageListenerContainer<?, ?> requests = started("herald-ingest-requests-0", "herald.requests");

        clock.advance(Duration.ofMinutes(6));
        watch.onApplicationEvent(notPollingFor(requests, Duration.ofSeconds(299)));
        assertThat(watch.deadConsumers()).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        watch.onApplicationEvent(notPollingFor(requests, Duration.ofSeconds(309)));
        assertThat(watch.deadConsumers()).containsOnlyKeys("herald-ingest-requests-0");
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aContainersOwnMaxPollIntervalDecidesWhenItsConsumerIsDead() {
        KafkaMessageListenerContainer<?, ?> tier = container("herald-signer-retry-10s-0", "herald.retry.10s");
        Properties own = new Properties();
        own.setProperty("max.poll.interval.ms", "60000");
        tier.getContainerProperties().setKafkaConsumerProperties(own);
        watch.onApplicationEvent(new ConsumerStartedEvent(tier, tier));

        clock.advance(Duration.ofSeconds(70));
        watch.onApplicationEvent(notPollingFor(tier, Duration.ofSeconds(61)));

        assertThat(watch.deadConsumers()).containsOnlyKeys("herald-signer-retry-10s-0");
    }

    @Test
    void aConsumerEndedByAnErrorIsDownAndDeadUntilItsContainerIsStartedAgain() {
        KafkaMessageListenerContainer<?, ?> signed = started("herald-signed-dingtalk-0", "herald.signed.dingtalk");

        clock.advance(Duration.ofSeconds(30));
        watch.onApplicationEvent(new ConsumerStoppedEvent(signed, signed, Reason.ERROR));

        Health health = watch.readiness();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(health, "herald-signed-dingtalk-0"))
                .containsEntry("state", "stopped abnormally")
                .containsEntry("topics", List.of("herald.signed.dingtalk"))
                .containsEntry("since", START.plusSeconds(30).toString())
                .containsEntry("reason", "an Error thrown on the consumer thread ended it");
        assertThat(watch.deadConsumers()).containsOnlyKeys("herald-signed-dingtalk-0");

        // started again, a concurrent container makes a new child container of the same name
        clock.advance(Duration.ofSeconds(5));
        KafkaMessageListenerContainer<?, ?> again = container("herald-signed-dingtalk-0", "herald.signed.dingtalk");
        watch.onApplicationEvent(new ConsumerStartingEvent(again, again));
        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(details(watch.readiness(), "herald-signed-dingtalk-0"))
                .containsEntry("state", "running")
                .containsEntry("since", START.plusSeconds(35).toString());
        assertThat(watch.deadConsumers()).isEmpty();
    }

    @Test
    void everyStopOtherThanOnRequestIsAbnormal() {
        for (Reason reason : List.of(Reason.AUTH, Reason.NO_OFFSET, Reason.FENCED, Reason.ABNORMAL)) {
            KafkaConsumerWatch fresh = new KafkaConsumerWatch(Duration.ofMinutes(5), clock);
            KafkaMessageListenerContainer<?, ?> audit = container("audit-accepted-0", "herald.accepted");
            fresh.onApplicationEvent(new ConsumerStartedEvent(audit, audit));

            fresh.onApplicationEvent(new ConsumerStoppedEvent(audit, audit, reason));

            assertThat(fresh.readiness().getStatus()).as(reason.name()).isEqualTo(Status.DOWN);
            assertThat(fresh.deadConsumers()).as(reason.name()).containsOnlyKeys("audit-accepted-0");
        }
    }

    @Test
    void aConsumerStoppedOnRequestIsNotAProblem() {
        KafkaMessageListenerContainer<?, ?> audit = started("audit-accepted-0", "herald.accepted");

        watch.onApplicationEvent(new ConsumerStoppedEvent(audit, audit, Reason.NORMAL));

        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(details(watch.readiness(), "audit-accepted-0")).containsEntry("state", "stopped");
        assertThat(watch.deadConsumers()).isEmpty();
    }

    @Test
    void aConsumerThatFailedToStartIsDownAndDead() {
        KafkaMessageListenerContainer<?, ?> clockListener = container("herald-signer-clock-0", "herald.attempts");

        watch.onApplicationEvent(new ConsumerFailedToStartEvent(clockListener, clockListener));

        assertThat(watch.readiness().getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(watch.readiness(), "herald-signer-clock-0")).containsEntry("state", "failed to start");
        assertThat(watch.deadConsumers()).containsOnlyKeys("herald-signer-clock-0");
    }

    @Test
    void aConcurrentContainerIsJudgedByItsChildConsumersOnly() {
        ConcurrentMessageListenerContainer<String, String> parent = new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(Map.of()), new ContainerProperties("herald.accepted"));
        parent.setBeanName("herald-signer-accepted");

        watch.onApplicationEvent(new ConcurrentContainerStoppedEvent(parent, Reason.NORMAL));

        assertThat(watch.readiness().getStatus()).isEqualTo(Status.UP);
        assertThat(watch.readiness().getDetails()).isEmpty();
    }

    private KafkaMessageListenerContainer<?, ?> started(String name, String topic) {
        KafkaMessageListenerContainer<?, ?> container = container(name, topic);
        watch.onApplicationEvent(new ConsumerStartedEvent(container, container));
        return container;
    }

    private static KafkaMessageListenerContainer<?, ?> container(String name, String topic) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("herald-test");
        properties.setMonitorInterval(10);
        KafkaMessageListenerContainer<String, String> container =
                new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()), properties);
        container.setBeanName(name);
        return container;
    }

    private static NonResponsiveConsumerEvent notPollingFor(KafkaMessageListenerContainer<?, ?> container, Duration d) {
        return new NonResponsiveConsumerEvent(
                container, container, d.toMillis(), container.getBeanName(), List.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health, String consumer) {
        return (Map<String, Object>) health.getDetails().get(consumer);
    }
}
