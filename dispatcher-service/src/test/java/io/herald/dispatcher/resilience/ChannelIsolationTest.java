package io.herald.dispatcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.herald.contract.Provider;
import io.herald.contract.kafka.Topics;
import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.LoopbackProvider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.delivery.Decision;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.dispatcher.delivery.OutcomeWriter;
import io.herald.dispatcher.delivery.RetryPolicy;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * One consumer thread serves many channels one record after another: a slow, dead or rate-limited channel
 * must delay the others only by a bounded amount. Each test puts a backlog of the troubled channel in front
 * of one record of a healthy channel and measures how long the healthy one waited.
 */
class ChannelIsolationTest {

    private static final List<Duration> TIERS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
    private static final int BACKLOG = 20;

    private final LoopbackProvider slow = LoopbackProvider.start().holdAnswers();
    private final LoopbackProvider healthy = LoopbackProvider.start();

    @AfterEach
    void stopProviders() {
        slow.close();
        healthy.close();
    }

    private DeliveryService service(int slowChannelRatePerMinute) {
        Clock clock = Clock.systemUTC();
        MockProducer<String, Object> producer =
                new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]) {
                    @Override
                    public void close(Duration timeout) {} // KafkaTemplate closes a non-shared producer after each send
                };
        CircuitBreakerConfig circuit = CircuitBreakerConfig.custom()
                .slidingWindowSize(3)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofMillis(200))
                .slowCallRateThreshold(80)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build();
        return new DeliveryService(
                new HttpTransport(Duration.ofSeconds(1), REQUEST_TIMEOUT, clock),
                new DeliveryClassifier(ProviderClassifiers.builtIn()),
                new RetryPolicy(5, Duration.ofDays(3650), TIERS),
                new OutcomeWriter(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), new Topics("", TIERS),
                        Duration.ofSeconds(5)),
                clock,
                "isolation-test",
                new SimpleMeterRegistry(),
                new Freshness(Map.of()),
                stale -> new SignerClient.ResignResult.Unavailable("not used"),
                new Unsealer(null),
                new ChannelGuards((provider, channel) -> channel.equals("troubled") ? slowChannelRatePerMinute : 0,
                        Duration.ofMillis(100), circuit, clock));
    }

    private static SignedDelivery record(String channel, String endpoint) {
        SignedDelivery template = Fixtures.signed(endpoint, 1, Instant.now(), List.of());
        AcceptedNotification notification = AcceptedNotification.newBuilder(template.getNotification())
                .setNotificationId(UUID.randomUUID().toString())
                .setChannel(channel)
                .build();
        return SignedDelivery.newBuilder(template).setNotification(notification).build();
    }

    /** How long the healthy channel's record waited behind the troubled backlog, its own send excluded. */
    private Duration healthyWaitBehind(DeliveryService service, String troubledEndpoint) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < BACKLOG; i++) {
            service.deliver(Provider.DINGTALK, record("troubled", troubledEndpoint));
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        Decision healthyOutcome = service.deliver(Provider.DINGTALK, record("healthy", healthy.endpoint()));
        assertThat(healthyOutcome).isInstanceOf(Decision.Done.class);
        return waited;
    }

    @Test
    void slowEndpointDelaysOtherChannelsOnlyUntilItsCircuitOpens() throws InterruptedException {
        DeliveryService service = service(0);

        Duration waited = healthyWaitBehind(service, slow.endpoint());

        // without the circuit: 20 x 300 ms = 6 s; with it: 3 timeouts, then every record is parked at once
        assertThat(slow.received()).hasSize(3);
        assertThat(waited).isLessThan(REQUEST_TIMEOUT.multipliedBy(3).plusSeconds(2));
        assertThat(healthy.received()).hasSize(1);
    }

    @Test
    void rateLimitedChannelDelaysOtherChannelsByAtMostThePermitWaitPerSend() throws InterruptedException {
        DeliveryService service = service(2);
        LoopbackProvider limited = LoopbackProvider.start();
        try {
            Duration waited = healthyWaitBehind(service, limited.endpoint());

            // 2/min: one send, the rest parked without waiting 30 s for the next permit
            assertThat(limited.received()).hasSize(1);
            assertThat(waited).isLessThan(Duration.ofSeconds(3));
            assertThat(healthy.received()).hasSize(1);
        } finally {
            limited.close();
        }
    }
}
