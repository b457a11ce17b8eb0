package io.herald.contract.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStartedEvent;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.event.NonResponsiveConsumerEvent;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Follows every Kafka consumer of the service through the events its listener container publishes (every container a
 * factory makes publishes them: {@code @KafkaListener}s and the services' own containers alike), and says whether each
 * one is making progress. Details name the consumer (its container's bean name), its topics and group, its state and
 * since when: never a record, a credential or a configuration value.
 */
final class KafkaConsumerWatch implements ApplicationListener<KafkaEvent> {

    /** Kafka's default {@code max.poll.interval.ms}. */
    static final Duration KAFKA_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    enum State {
        RUNNING("running"),
        STOPPED("stopped"),
        STOPPED_ABNORMALLY("stopped abnormally"),
        FAILED_TO_START("failed to start");

        final String text;

        State(String text) {
            this.text = text;
        }
    }

    /** What is known of one consumer; {@code notPollingSince} is null while it polls. */
    private record Consumer(
            String id,
            String group,
            List<String> topics,
            State state,
            Instant since,
            String reason,
            Instant notPollingSince,
            Instant reportedAt,
            Duration reportValidFor,
            Duration maxPollInterval) {

        Consumer withState(State newState, Instant at, String why) {
            Instant from = newState == state && newState == State.RUNNING ? since : at;
            return new Consumer(id, group, topics, newState, from, why, null, null, null, maxPollInterval);
        }

        Consumer notPolling(Instant lastPoll, Instant at, Duration validFor) {
            return new Consumer(id, group, topics, State.RUNNING, since, null, lastPoll, at, validFor, maxPollInterval);
        }

        boolean isNotPolling(Instant now) {
            return notPollingSince != null && !now.isAfter(reportedAt.plus(reportValidFor));
        }

        boolean isDown(Instant now) {
            return state == State.STOPPED_ABNORMALLY || state == State.FAILED_TO_START || isNotPolling(now);
        }

        boolean isDead(Instant now) {
            return state == State.STOPPED_ABNORMALLY
                    || state == State.FAILED_TO_START
                    || isNotPolling(now)
                            && Duration.between(notPollingSince, now).compareTo(maxPollInterval) > 0;
        }

        Map<String, Object> details(Instant now) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", isNotPolling(now) ? "not polling" : state.text);
            details.put("topics", topics);
            if (group != null) {
                details.put("group", group);
            }
            details.put("since", (isNotPolling(now) ? notPollingSince : since).toString());
            if (isNotPolling(now)) {
                details.put(
                        "reason",
                        "the listener has not returned to poll for "
                                + Duration.between(notPollingSince, now).toSeconds() + " s");
            } else if (reason != null) {
                details.put("reason", reason);
            }
            return details;
        }
    }

    /** By consumer id: a concurrent container makes new child containers, with the same names, each time it starts. */
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();

    private final Duration defaultMaxPollInterval;
    private final Clock clock;

    /** @param defaultMaxPollInterval the consumer factory's {@code max.poll.interval.ms} (a container may set its own) */
    public KafkaConsumerWatch(Duration defaultMaxPollInterval, Clock clock) {
        this.defaultMaxPollInterval = defaultMaxPollInterval;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(KafkaEvent event) {
        // a concurrent container's own events repeat what each of its child containers (one consumer each) reported
        if (!(event.getSource() instanceof MessageListenerContainer container)
                || container instanceof ConcurrentMessageListenerContainer) {
            return;
        }
        Instant now = clock.instant();
        switch (event) {
            case ConsumerStartingEvent starting -> update(container, c -> c.withState(State.RUNNING, now, null));
            case ConsumerStartedEvent started -> update(container, c -> c.withState(State.RUNNING, now, null));
            case ConsumerFailedToStartEvent failed ->
                update(
                        container,
                        c -> c.withState(
                                State.FAILED_TO_START,
                                now,
                                "the consumer thread did not start within the container's consumerStartTimeout"));
            case ConsumerStoppedEvent stopped -> update(container, c -> stopped(c, stopped.getReason(), now));
            case NonResponsiveConsumerEvent silent ->
                update(container, c -> {
                    Instant lastPoll = now.minusMillis(silent.getTimeSinceLastPoll());
                    // the container repeats the event every monitor interval while it lasts; one missed check is
                    // allowed
                    Duration validFor = Duration.ofSeconds(
                            2L * container.getContainerProperties().getMonitorInterval());
                    return c.notPolling(lastPoll, now, validFor);
                });
            default -> {}
        }
    }

    private static Consumer stopped(Consumer consumer, ConsumerStoppedEvent.Reason reason, Instant now) {
        return switch (reason) {
            case NORMAL -> consumer.withState(State.STOPPED, now, "stopped on request");
            case ERROR ->
                consumer.withState(State.STOPPED_ABNORMALLY, now, "an Error thrown on the consumer thread ended it");
            case AUTH ->
                consumer.withState(
                        State.STOPPED_ABNORMALLY,
                        now,
                        "the broker refused the consumer's authentication or authorization");
            case NO_OFFSET ->
                consumer.withState(
                        State.STOPPED_ABNORMALLY, now, "no committed offset and no auto.offset.reset policy");
            case FENCED ->
                consumer.withState(
                        State.STOPPED_ABNORMALLY,
                        now,
                        "fenced by the broker: another consumer has the same group.instance.id");
            case ABNORMAL ->
                consumer.withState(
                        State.STOPPED_ABNORMALLY,
                        now,
                        "stopped abnormally (e.g. by a container-stopping error handler)");
        };
    }

    private void update(MessageListenerContainer container, UnaryOperator<Consumer> change) {
        String id = container instanceof AbstractMessageListenerContainer<?, ?> named
                ? named.getBeanName()
                : String.valueOf(container.getListenerId());
        consumers.compute(id, (key, known) -> change.apply(known != null ? known : describe(id, container)));
    }

    private Consumer describe(String id, MessageListenerContainer container) {
        ContainerProperties properties = container.getContainerProperties();
        List<String> topics = properties.getTopics() != null
                ? List.of(properties.getTopics())
                : properties.getTopicPattern() != null
                        ? List.of(properties.getTopicPattern().pattern())
                        : properties.getTopicPartitions() != null
                                ? Arrays.stream(properties.getTopicPartitions())
                                        .map(tpo -> tpo.getTopic())
                                        .distinct()
                                        .toList()
                                : List.of();
        String maxPollInterval =
                properties.getKafkaConsumerProperties().getProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return new Consumer(
                id,
                container.getGroupId(),
                topics,
                State.RUNNING,
                clock.instant(),
                null,
                null,
                null,
                null,
                maxPollInterval != null
                        ? Duration.ofMillis(Long.parseLong(maxPollInterval.trim()))
                        : defaultMaxPollInterval);
    }

    /**
     * The {@code kafkaConsumers} component: every consumer with its state; DOWN while one stopped other than on
     * request, did not start, or has not returned to poll for longer than {@code pollTimeout × noPollThreshold}
     * (Spring Kafka's {@link NonResponsiveConsumerEvent}); polling again counts within two monitor intervals.
     */
    public Health readiness() {
        Instant now = clock.instant();
        List<Consumer> all = sorted();
        Health.Builder health = all.stream().anyMatch(c -> c.isDown(now)) ? Health.down() : Health.up();
        all.forEach(c -> health.withDetail(c.id(), c.details(now)));
        return health.build();
    }

    /**
     * Consumers that will not recover without a restart, for liveness: stopped abnormally or not started (Spring never
     * restarts a stopped container), or not polling for longer than {@code max.poll.interval.ms}. Every call a listener
     * makes has a deadline, so a consumer held that long is wedged, not waiting for a broker or a database.
     */
    public Map<String, Object> deadConsumers() {
        Instant now = clock.instant();
        Map<String, Object> dead = new LinkedHashMap<>();
        sorted().stream().filter(c -> c.isDead(now)).forEach(c -> dead.put(c.id(), c.details(now)));
        return dead;
    }

    private List<Consumer> sorted() {
        return consumers.values().stream()
                .sorted(Comparator.comparing(Consumer::id))
                .toList();
    }
}
