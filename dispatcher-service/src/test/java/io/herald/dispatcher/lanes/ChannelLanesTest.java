package io.herald.dispatcher.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.LoopbackProvider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.dispatcher.delivery.OutcomeWriter;
import io.herald.dispatcher.delivery.RetryPolicy;
import io.herald.dispatcher.ordering.OrderedChannels;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.resilience.ChannelPacing;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * A poll holds many channels: they must be in flight at once, a slow, dead or rate-limited channel must not hold
 * up the others, and the poll must end in bounded time with every outcome written (or the first unwritten one
 * named, so nothing is committed past it).
 */
class ChannelLanesTest {

    private static final List<Duration> TIERS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
    private static final int BACKLOG = 20;

    private final LoopbackProvider slow = LoopbackProvider.start().holdAnswers();
    private final LoopbackProvider healthy = LoopbackProvider.start();
    private final List<ProducerRecord<String, Object>> written = new ArrayList<>();
    private String unwritableKey = "none";

    @AfterEach
    void stopProviders() {
        slow.close();
        healthy.close();
    }

    /** Records every outcome written; refuses the one keyed {@link #unwritableKey} as a broker would time out. */
    private final MockProducer<String, Object> producer =
            new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]) {
                @Override
                public synchronized Future<RecordMetadata> send(
                        ProducerRecord<String, Object> record, Callback callback) {
                    if (record.key().equals(unwritableKey)) {
                        TimeoutException failure = new TimeoutException("no ack");
                        callback.onCompletion(null, failure);
                        return CompletableFuture.failedFuture(failure);
                    }
                    written.add(record);
                    return super.send(record, callback);
                }

                @Override
                public void close(Duration timeout) {} // KafkaTemplate closes a non-shared producer after each send
            };

    private ChannelLanes lanes(
            int troubledRatePerMinute, int minimumCallsToJudge, int maxInFlightPerHost, Duration pollDeadline) {
        Clock clock = Clock.systemUTC();
        return lanes(
                troubledRatePerMinute,
                minimumCallsToJudge,
                maxInFlightPerHost,
                pollDeadline,
                ChannelPacing.perMinute(new SimpleMeterRegistry()),
                Duration.ZERO);
    }

    /** Lanes whose troubled channel is paced at {@code limit} per {@code window}, waiting in lane up to a bound. */
    private ChannelLanes pacedLanes(int limit, Duration window, Duration maxWaitInLane) {
        Clock clock = Clock.systemUTC();
        return lanes(
                limit,
                3,
                64,
                Duration.ofSeconds(60),
                new ChannelPacing(window, Duration.ZERO, new SimpleMeterRegistry()),
                maxWaitInLane);
    }

    private ChannelLanes lanes(
            int troubledRatePerMinute,
            int minimumCallsToJudge,
            int maxInFlightPerHost,
            Duration pollDeadline,
            ChannelPacing pacing,
            Duration maxWaitInLane) {
        Clock clock = Clock.systemUTC();
        CircuitBreakerConfig circuit = CircuitBreakerConfig.custom()
                .slidingWindowSize(minimumCallsToJudge)
                .minimumNumberOfCalls(minimumCallsToJudge)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofMillis(200))
                .slowCallRateThreshold(80)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build();
        DeliveryService deliveries = new DeliveryService(
                new HttpTransport(Duration.ofSeconds(1), REQUEST_TIMEOUT, clock),
                new DeliveryClassifier(ProviderClassifiers.builtIn()),
                new RetryPolicy(5, Duration.ofDays(3650), TIERS),
                new OutcomeWriter(
                        new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
                        new Topics("", TIERS),
                        Duration.ofSeconds(5)),
                clock,
                "lanes-test",
                new SimpleMeterRegistry(),
                new Freshness(Map.of()),
                stale -> new SignerClient.ResignResult.Unavailable("not used"),
                new Unsealer(null),
                new ChannelGuards(
                        (provider, channel) -> channel.startsWith("troubled") ? troubledRatePerMinute : 0,
                        channel -> null,
                        Duration.ofMillis(100),
                        circuit,
                        maxInFlightPerHost,
                        pacing,
                        clock,
                        new SimpleMeterRegistry()),
                OrderedChannels.none(new SimpleMeterRegistry()));
        return new ChannelLanes(deliveries, pollDeadline, maxWaitInLane, clock);
    }

    private ChannelLanes lanes(int troubledRatePerMinute) {
        return lanes(troubledRatePerMinute, 3, 64, Duration.ofSeconds(60));
    }

    private static SignedDelivery record(String notificationId, String channel, String endpoint) {
        SignedDelivery template = Fixtures.signed(endpoint, 1, Instant.now(), List.of());
        AcceptedNotification notification = AcceptedNotification.newBuilder(template.getNotification())
                .setNotificationId(notificationId)
                .setChannel(channel)
                .build();
        return SignedDelivery.newBuilder(template).setNotification(notification).build();
    }

    /** A backlog of the troubled channel in front of one record of a healthy channel, as one poll. */
    private static List<ChannelLanes.Item> backlogThenHealthy(String troubledEndpoint, String healthyEndpoint) {
        List<ChannelLanes.Item> poll = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            poll.add(new ChannelLanes.Item(i, record("troubled-" + i, "troubled", troubledEndpoint)));
        }
        poll.add(new ChannelLanes.Item(BACKLOG, record("healthy-1", "healthy", healthyEndpoint)));
        return poll;
    }

    private List<DeliveryAttempt> attempts() {
        return written.stream()
                .filter(record -> record.topic().equals("herald.attempts"))
                .map(record -> (DeliveryAttempt) record.value())
                .toList();
    }

    private Duration timed(ThrowingRunnable run) throws InterruptedException {
        long start = System.nanoTime();
        run.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    interface ThrowingRunnable {
        void run() throws InterruptedException;
    }

    @Test
    void healthyChannelIsDeliveredAtOnceWhileASlowChannelWaitsForItsEndpoint() throws InterruptedException {
        ChannelLanes lanes = lanes(0);

        Duration poll = timed(() -> assertThat(
                        lanes.deliver(Provider.of("dingtalk"), backlogThenHealthy(slow.endpoint(), healthy.endpoint())))
                .isEmpty());

        // the healthy record did not queue behind the slow channel's timeouts
        DeliveryAttempt healthyAttempt = attempts().stream()
                .filter(a -> a.getChannel().equals("healthy"))
                .findFirst()
                .orElseThrow();
        DeliveryAttempt lastTroubled = attempts().stream()
                .filter(a -> a.getChannel().equals("troubled"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(healthyAttempt.getOutcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(healthyAttempt.getStartedAt()).isBefore(lastTroubled.getStartedAt());
        assertThat(healthy.received()).hasSize(1);
        // the slow channel: 3 timeouts open its circuit, the rest are parked at once (not 20 x 300 ms)
        assertThat(slow.received()).hasSize(3);
        assertThat(attempts())
                .filteredOn(a -> a.getError() != null && a.getError().contains("circuit open"))
                .hasSize(BACKLOG - 3);
        assertThat(poll).isLessThan(REQUEST_TIMEOUT.multipliedBy(3).plusSeconds(2));
    }

    @Test
    void manyChannelsAreInFlightAtOnce() throws InterruptedException {
        ChannelLanes lanes = lanes(0, 100, 64, Duration.ofSeconds(60));
        List<ChannelLanes.Item> poll = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            poll.add(new ChannelLanes.Item(i, record("n-" + i, "channel-" + i, slow.endpoint())));
        }

        Duration took = timed(
                () -> assertThat(lanes.deliver(Provider.of("dingtalk"), poll)).isEmpty());

        // 20 channels to an endpoint that never answers: all sent, all timed out together
        assertThat(slow.received()).hasSize(BACKLOG);
        assertThat(attempts()).hasSize(BACKLOG).allMatch(a -> a.getOutcome() == Outcome.RETRYABLE);
        assertThat(took).isLessThan(REQUEST_TIMEOUT.multipliedBy(BACKLOG / 2));
    }

    @Test
    void bulkheadCapsRequestsInFlightToOneHostAndParksTheRest() throws InterruptedException {
        ChannelLanes lanes = lanes(0, 100, 5, Duration.ofSeconds(60));
        List<ChannelLanes.Item> poll = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            poll.add(new ChannelLanes.Item(i, record("n-" + i, "channel-" + i, slow.endpoint())));
        }

        assertThat(lanes.deliver(Provider.of("dingtalk"), poll)).isEmpty();

        assertThat(slow.received()).hasSize(5);
        assertThat(attempts()).hasSize(BACKLOG);
        assertThat(attempts())
                .filteredOn(a -> a.getError() != null
                        && a.getError().startsWith("not sent: 5 requests already in flight to 127.0.0.1:"))
                .hasSize(BACKLOG - 5);
    }

    @Test
    void rateLimitedChannelSendsItsBurstAndParksTheRestWithoutHoldingUpThePoll() throws InterruptedException {
        ChannelLanes lanes = lanes(2);
        LoopbackProvider limited = LoopbackProvider.start();
        try {
            Duration poll = timed(() ->
                    lanes.deliver(Provider.of("dingtalk"), backlogThenHealthy(limited.endpoint(), healthy.endpoint())));

            // 2/min: a burst of two at once, the rest parked as paced without waiting a minute for the window
            assertThat(limited.received()).hasSize(2);
            assertThat(healthy.received()).hasSize(1);
            assertThat(attempts())
                    .filteredOn(a -> "paced".equals(a.getNotSentCause()))
                    .hasSize(BACKLOG - 2);
            assertThat(poll).isLessThan(Duration.ofSeconds(3));
        } finally {
            limited.close();
        }
    }

    @Test
    void pacedLaneWaitsInOrderForItsWindowWithoutHoldingUpTheOtherLanes() throws InterruptedException {
        // 2 per second, waiting in lane up to 3 s: five records go at 0, 0, 1 s, 1 s and 2 s
        ChannelLanes lanes = pacedLanes(2, Duration.ofSeconds(1), Duration.ofSeconds(3));
        List<ChannelLanes.Item> poll = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            poll.add(new ChannelLanes.Item(i, record("troubled-" + i, "troubled", healthy.endpoint())));
        }
        poll.add(new ChannelLanes.Item(5, record("healthy-1", "healthy", healthy.endpoint())));

        Duration took = timed(
                () -> assertThat(lanes.deliver(Provider.of("dingtalk"), poll)).isEmpty());

        List<DeliveryAttempt> troubled = attempts().stream()
                .filter(a -> a.getChannel().equals("troubled"))
                .toList();
        assertThat(troubled)
                .extracting(DeliveryAttempt::getNotificationId)
                .containsExactly("troubled-0", "troubled-1", "troubled-2", "troubled-3", "troubled-4");
        assertThat(troubled).allMatch(a -> a.getOutcome() == Outcome.DELIVERED && a.getNotSentCause() == null);
        assertThat(troubled.subList(0, 2)).allMatch(a -> a.getPacedMs() == null);
        assertThat(troubled.get(2).getPacedMs()).isBetween(700L, 1300L);
        assertThat(troubled.get(4).getPacedMs()).isBetween(700L, 1300L);
        assertThat(troubled.get(4).getStartedAt())
                .isAfterOrEqualTo(troubled.get(0).getStartedAt().plusMillis(1990));
        DeliveryAttempt healthyAttempt = attempts().stream()
                .filter(a -> a.getChannel().equals("healthy"))
                .findFirst()
                .orElseThrow();
        assertThat(healthyAttempt.getStartedAt()).isBefore(troubled.get(2).getStartedAt());
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
    }

    @Test
    void pacedRequestBeyondTheWaitInLaneIsParkedUntilItsSlotAsAWait() throws InterruptedException {
        // 2 per 5 s, waiting in lane up to 300 ms: two sent, the others parked on successive slots
        ChannelLanes lanes = pacedLanes(2, Duration.ofSeconds(5), Duration.ofMillis(300));
        List<ChannelLanes.Item> poll = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            poll.add(new ChannelLanes.Item(i, record("troubled-" + i, "troubled", healthy.endpoint())));
        }

        Duration took = timed(
                () -> assertThat(lanes.deliver(Provider.of("dingtalk"), poll)).isEmpty());

        assertThat(healthy.received()).hasSize(2);
        List<DeliveryAttempt> parked =
                attempts().stream().filter(a -> a.getNotSentCause() != null).toList();
        assertThat(parked).hasSize(4).allSatisfy(a -> {
            assertThat(a.getNotSentCause()).isEqualTo("paced");
            assertThat(a.getError()).startsWith("not sent: channel troubled's window (2 per 5000 ms) is full");
            assertThat(a.getPacedMs()).isNull();
        });
        List<Instant> dueAt = written.stream()
                .filter(r -> r.topic().startsWith("herald.retry."))
                .map(r -> ((io.herald.schema.DeliveryRetry) r.value()).getDueAt())
                .toList();
        assertThat(dueAt).hasSize(4).isSorted();
        // two per window: the third and fourth parked come a window after the first two
        assertThat(Duration.between(dueAt.get(0), dueAt.get(2)))
                .isBetween(Duration.ofMillis(4900), Duration.ofSeconds(6));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void channelPastThePollDeadlineParksTheRestOfItsRecords() throws InterruptedException {
        ChannelLanes lanes = lanes(0, 100, 64, Duration.ofMillis(500));

        Duration poll = timed(
                () -> lanes.deliver(Provider.of("dingtalk"), backlogThenHealthy(slow.endpoint(), healthy.endpoint())));

        // each slow send takes the 300 ms timeout: two fit in the deadline, the others are parked unsent
        assertThat(slow.received()).hasSizeBetween(2, 3);
        assertThat(attempts())
                .filteredOn(a -> a.getError() != null && a.getError().contains("took longer than PT0.5S"))
                .hasSize(BACKLOG - slow.received().size());
        assertThat(poll).isLessThan(Duration.ofSeconds(3));
        assertThat(healthy.received()).hasSize(1);
    }

    @Test
    void firstUnwrittenOutcomeIsNamedSoNothingAfterItIsCommitted() throws InterruptedException {
        ChannelLanes lanes = lanes(0);
        unwritableKey = "b-2";
        List<ChannelLanes.Item> poll = List.of(
                new ChannelLanes.Item(0, record("a-1", "a", healthy.endpoint())),
                new ChannelLanes.Item(1, record("b-1", "b", healthy.endpoint())),
                new ChannelLanes.Item(2, record("a-2", "a", healthy.endpoint())),
                new ChannelLanes.Item(3, record("b-2", "b", healthy.endpoint())),
                new ChannelLanes.Item(4, record("b-3", "b", healthy.endpoint())),
                new ChannelLanes.Item(5, record("a-3", "a", healthy.endpoint())));

        Optional<ChannelLanes.Failure> failure = lanes.deliver(Provider.of("dingtalk"), poll);

        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.index()).isEqualTo(3);
            assertThat(f.cause()).isInstanceOf(OutcomeWriter.OutcomeNotWrittenException.class);
        });
        // a lane does not wait for each ack before its next send: b-3 went out before b-2's failure was known, and
        // is delivered again with b-2 when the poll is redelivered from index 3 (a visible duplicate, never a loss)
        assertThat(attempts())
                .extracting(DeliveryAttempt::getNotificationId)
                .containsExactlyInAnyOrder("a-1", "b-1", "a-2", "b-3", "a-3");
    }

    @Test
    void aLaneGoesInTheOrderItsNotificationsWereAcceptedAndAFailureIsNamedAtItsLowestIndexLeft()
            throws InterruptedException {
        ChannelLanes lanes = lanes(0);
        unwritableKey = "b-2";
        // retries come back through the retry topics in whatever order they are due: b-3, then b-1 and b-2
        List<ChannelLanes.Item> poll = List.of(
                new ChannelLanes.Item(0, inPlace(record("b-3", "b", healthy.endpoint()), 30)),
                new ChannelLanes.Item(1, inPlace(record("b-1", "b", healthy.endpoint()), 10)),
                new ChannelLanes.Item(2, inPlace(record("b-2", "b", healthy.endpoint()), 20)));

        Optional<ChannelLanes.Failure> failure = lanes.deliver(Provider.of("dingtalk"), poll);

        assertThat(healthy.received()).hasSize(3);
        // written in the order sent (b-2's outcome was refused): b-1 went first though b-3 came first in the poll
        assertThat(attempts()).extracting(DeliveryAttempt::getNotificationId).containsExactly("b-1", "b-3");
        // b-2 (index 2) failed and b-3 (index 0) went after it: the poll is redelivered from index 0, never past b-3
        assertThat(failure).hasValueSatisfying(f -> assertThat(f.index()).isEqualTo(0));
    }

    private static SignedDelivery inPlace(SignedDelivery signed, long sequence) {
        signed.getNotification().setSequence(sequence);
        return signed;
    }
}
