package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.Fixtures.NOTIFICATION_ID;
import static io.herald.dispatcher.Fixtures.SIGN;
import static io.herald.dispatcher.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.kafka.ResignHeader;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.dispatcher.Fixtures;
import io.herald.dispatcher.LoopbackProvider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.ordering.OrderedChannels;
import io.herald.dispatcher.ordering.OrderingRules;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.DeliveryRetry;
import io.herald.schema.HttpCall;
import io.herald.schema.OrderingState;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.herald.schema.SigningRefusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** The signer's re-sign endpoint as the test wants it to answer; counts the calls. */
    private SignerClient.ResignResult resignAnswer =
            new SignerClient.ResignResult.Unavailable("signer at test unreachable");

    private final AtomicInteger resignCalls = new AtomicInteger();
    private CredentialSealer sealer;
    private int ratePerMinute;
    private DispatcherTestCircuit circuit = DispatcherTestCircuit.LENIENT;
    private OrderedChannels ordering = OrderedChannels.none(meters);
    private Channel orderedDefinition;
    private boolean orderedDefinitionRead;

    /** Circuit breaker settings for a test. */
    enum DispatcherTestCircuit {
        LENIENT(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .minimumNumberOfCalls(100)
                .build()),
        TRIGGER_HAPPY(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build()),
        QUICK_TO_PROBE(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(Duration.ofMillis(300))
                .build());

        final io.github.resilience4j.circuitbreaker.CircuitBreakerConfig config;

        DispatcherTestCircuit(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig config) {
            this.config = config;
        }
    }

    private DeliveryService service(Duration ackTimeout) {
        Clock clock = Clock.systemUTC();
        KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        SignerClient signer = stale -> {
            resignCalls.incrementAndGet();
            return resignAnswer;
        };
        return new DeliveryService(
                new HttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(2), clock),
                new DeliveryClassifier(ProviderClassifiers.builtIn()),
                new RetryPolicy(5, Duration.ofDays(3650), TIERS),
                new OutcomeWriter(kafka, topics, ackTimeout),
                clock,
                "dispatcher-test-1",
                meters,
                new Freshness(Map.of()),
                signer,
                new Unsealer(sealer),
                new ChannelGuards(
                        (p, channel) -> ratePerMinute,
                        channel -> null,
                        Duration.ZERO,
                        circuit.config,
                        64,
                        clock,
                        meters),
                ordering);
    }

    /** {@link Fixtures#CHANNEL} keeping its order: {@code strict}, stopping on a dead letter when asked. */
    private void orderedChannel(Channel.OnDeadLetter onDeadLetter, Instant resumedAt) {
        orderedDefinition = new Channel(
                "dingtalk",
                java.net.URI.create(provider.endpoint()),
                Map.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                Channel.Ordering.STRICT,
                onDeadLetter,
                resumedAt);
        if (orderedDefinitionRead) {
            return; // the same instance reads the changed definition, as from the live catalog
        }
        orderedDefinitionRead = true;
        ordering = new OrderedChannels(
                name -> name.equals(Fixtures.CHANNEL) ? Optional.of(orderedDefinition) : Optional.empty(),
                new OrderingRules(1000, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                "dispatcher-test-1",
                null,
                meters);
    }

    /** The signed delivery of notification {@code id}, at its place {@code sequence} in its channel. */
    private SignedDelivery inOrder(String id, long sequence, int attempt) {
        SignedDelivery signed = signedNow(attempt);
        signed.getNotification().setNotificationId(id);
        signed.getNotification().setSequence(sequence);
        return signed;
    }

    private List<OrderingState> orderingWritten() {
        return written(topics.ordering()).stream()
                .map(r -> (OrderingState) r.value())
                .toList();
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

        Decision decision = service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), signedNow(1));

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
        assertThat(attempt.getExplanation())
                .as("a delivered try needs no explanation")
                .isNull();
        assertThat(attempt.getDispatcher()).isEqualTo("dispatcher-test-1");
        assertThat(attempt.getStartedAt()).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(attempt.getLatencyMs()).isNotNegative();
        assertThat(attempt.getResponseDate()).isNotNull();
        assertThat(producer.history()).hasSize(1);
        assertThat(ResignHeader.channel(written(topics.attempts()).getFirst().headers()))
                .as("only a RESIGN attempt carries the header the signer's clock reads")
                .isEmpty();
        assertThat(meters.counter("herald.dispatcher.attempts", "provider", "dingtalk", "outcome", "DELIVERED")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void everyTryIsCountedByProviderAndOutcomeAndTimedByProvider() throws InterruptedException {
        DeliveryService service = service(Duration.ofSeconds(5));

        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("dingtalk"), signedNow(1));
        provider.answer(503, "text/plain", "down");
        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("webhook"), signedNow(1));

        assertThat(meters.get("herald.dispatcher.attempts").counters())
                .allSatisfy(counter -> assertThat(counter.getId().getDescription())
                        .isEqualTo("Tries to deliver, by provider and outcome"));
        assertThat(meters.counter("herald.dispatcher.attempts", "provider", "dingtalk", "outcome", "DELIVERED")
                        .count())
                .isEqualTo(2);
        assertThat(meters.counter("herald.dispatcher.attempts", "provider", "dingtalk", "outcome", "RETRYABLE")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("herald.dispatcher.attempts", "provider", "webhook", "outcome", "RETRYABLE")
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("herald.dispatcher.attempts").counters()).hasSize(3);
        assertThat(meters.get("herald.dispatcher.latency").timers())
                .hasSize(2)
                .allSatisfy(timer -> assertThat(timer.getId().getDescription())
                        .isEqualTo("Time from sending a request to the provider's answer or the failure"));
        assertThat(meters.timer("herald.dispatcher.latency", "provider", "dingtalk")
                        .count())
                .isEqualTo(3);
        assertThat(meters.timer("herald.dispatcher.latency", "provider", "webhook")
                        .count())
                .isEqualTo(1);
        // what came of them, by provider, channel and result; the delivered ones timed from acceptance, every sent
        // try's hops; no label carries the notification id
        String channel = Fixtures.CHANNEL;
        assertThat(meters.counter(
                                "herald.dispatcher.deliveries",
                                "provider",
                                "dingtalk",
                                "channel",
                                channel,
                                "result",
                                "delivered")
                        .count())
                .isEqualTo(2);
        assertThat(meters.counter(
                                "herald.dispatcher.deliveries",
                                "provider",
                                "dingtalk",
                                "channel",
                                channel,
                                "result",
                                "retry")
                        .count())
                .isEqualTo(1);
        assertThat(meters.timer("herald.dispatcher.end.to.end", "provider", "dingtalk")
                        .count())
                .isEqualTo(2);
        assertThat(meters.timer("herald.dispatcher.hop", "provider", "dingtalk", "hop", "signed_to_sent")
                        .count())
                .isEqualTo(3);
        assertThat(meters.getMeters())
                .flatExtracting(meter -> meter.getId().getTags())
                .noneMatch(tag -> tag.getValue().contains(NOTIFICATION_ID));
    }

    @Test
    void unavailableProviderGetsAttemptAndRetryOnFirstTier() throws InterruptedException {
        provider.answer(503, "text/html", "<html>down</html>");
        // dueAt is an Avro timestamp-millis: compare at that precision
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), signedNow(1));

        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(written("herald.retry.10s")).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(NOTIFICATION_ID);
            DeliveryRetry retry = (DeliveryRetry) record.value();
            assertThat(retry.getNextAttempt()).isEqualTo(2);
            assertThat(retry.getDueAt())
                    .isBetween(before.plusSeconds(10), Instant.now().plusSeconds(10));
            assertThat(retry.getPriorAttempts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.getHttpStatus()).isEqualTo(503));
        });
        assertThat(written(topics.deadLetters())).isEmpty();
    }

    @Test
    void signatureMismatchGoesStraightToDeadLetters() throws InterruptedException {
        provider.answer(200, "application/json", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), signedNow(1));

        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.PERMANENT);
        // the fixture's signature carries no clock state: the explanation names both the secret and the time
        assertThat(onlyAttempt().getExplanation().getText()).isEqualTo("DingTalk 310000: sign not match");
        assertThat(onlyAttempt().getExplanation().getDocs()).startsWith("https://open.dingtalk.com/document/");
        assertThat(written(topics.deadLetters())).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(NOTIFICATION_ID);
            DeadLetter dead = (DeadLetter) record.value();
            assertThat(dead.getReason()).isEqualTo("DingTalk errcode 310000: sign not match");
            assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(dead.getAttempts()).hasSize(1);
        });
        assertThat(topics.retryTopics())
                .allSatisfy(topic -> assertThat(written(topic)).isEmpty());
    }

    @Test
    void staleSignatureIsParkedAsResignWhenTheSignerCannotBeReached() throws InterruptedException {
        SignedDelivery stale =
                Fixtures.signed(provider.endpoint(), 2, Instant.now().minus(Duration.ofHours(2)), List.of());

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), stale);

        assertThat(provider.received()).isEmpty();
        assertThat(resignCalls).hasValue(1);
        DeliveryAttempt attempt = onlyAttempt();
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.RESIGN);
        assertThat(attempt.getError())
                .startsWith("not sent: signature expires at")
                .endsWith("re-signing failed: signer at test unreachable");
        assertThat(attempt.getNotSentCause()).isEqualTo("resign_failed");
        assertThat(attempt.getHttpStatus()).isNull();
        assertThat(written("herald.retry.10s")).hasSize(1);
    }

    @Test
    void signatureCloseToItsWindowIsResignedSynchronouslyAndTheFreshOneSent() throws InterruptedException {
        // DingTalk's window is 1 h, its margin 6 min: signed 58 min ago, it has only 2 min left
        SignedDelivery stale =
                Fixtures.signed(provider.endpoint(), 1, Instant.now().minus(Duration.ofMinutes(58)), List.of());
        Instant freshAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        resignAnswer = new SignerClient.ResignResult.Fresh(Fixtures.signed(provider.endpoint(), 1, freshAt, List.of()));

        Decision decision = service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), stale);

        assertThat(decision).isInstanceOf(Decision.Done.class);
        assertThat(resignCalls).hasValue(1);
        assertThat(provider.received())
                .singleElement()
                .satisfies(request -> assertThat(request.rawPathAndQuery())
                        .contains("timestamp=" + freshAt.toEpochMilli())
                        .doesNotContain("timestamp=" + stale.getSignedAt().toEpochMilli()));
        assertThat(onlyAttempt().getSignedAt()).isEqualTo(freshAt);
    }

    @Test
    void freshSignatureIsSentWithoutAskingTheSigner() throws InterruptedException {
        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), signedNow(1));

        assertThat(resignCalls).hasValue(0);
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    void resignRefusedBecauseTheChannelCannotBeSignedIsDeadLettered() throws InterruptedException {
        SignedDelivery stale =
                Fixtures.signed(provider.endpoint(), 1, Instant.now().minus(Duration.ofHours(2)), List.of());
        resignAnswer = new SignerClient.ResignResult.Refused("signer cannot sign the channel: unknown channel", true);

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), stale);

        assertThat(provider.received()).isEmpty();
        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(onlyAttempt().getNotSentCause()).isEqualTo("signer_refused");
        assertThat(written(topics.deadLetters()))
                .singleElement()
                .satisfies(record ->
                        assertThat(((DeadLetter) record.value()).getReason()).contains("unknown channel"));
    }

    @Test
    void permanentRefusalIsDeadLetteredWithTheReasonAndNeverSent() throws InterruptedException {
        SignedDelivery refused = SignedDelivery.newBuilder(signedNow(1))
                .setRefusal(new SigningRefusal("channel ops-alerts has no secret configured", true, "unsignable"))
                .build();

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), refused);

        assertThat(provider.received()).isEmpty();
        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(written(topics.deadLetters())).singleElement().satisfies(record -> {
            DeadLetter dead = (DeadLetter) record.value();
            assertThat(dead.getReason())
                    .isEqualTo("not sent: signer refused to sign: channel ops-alerts has no secret configured");
            assertThat(dead.getFinalOutcome()).isEqualTo(Outcome.PERMANENT);
        });
    }

    @Test
    void clockRefusalIsParkedAsResignWithoutUsingUpAttempts() throws InterruptedException {
        // the 5th of 5 allowed tries: a sent failure would be dead-lettered, a refusal is not
        SignedDelivery refused = SignedDelivery.newBuilder(signedNow(5))
                .setRefusal(new SigningRefusal(
                        "clock error bound 12s exceeds dingtalk tolerance 5s", false, "clock_untrusted"))
                .build();
        // dueAt is an Avro timestamp-millis: compare at that precision
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), refused);

        assertThat(provider.received()).isEmpty();
        DeliveryAttempt attempt = onlyAttempt();
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.RESIGN);
        assertThat(attempt.getError())
                .isEqualTo("not sent: signer refused to sign: clock error bound 12s exceeds dingtalk tolerance 5s");
        assertThat(attempt.getNotSentCause()).isEqualTo("clock_untrusted");
        assertThat(ResignHeader.channel(written(topics.attempts()).getFirst().headers()))
                .contains(Fixtures.CHANNEL);
        assertThat(written(topics.deadLetters())).isEmpty();
        assertThat(written("herald.retry.10s")).singleElement().satisfies(record -> {
            DeliveryRetry retry = (DeliveryRetry) record.value();
            assertThat(retry.getNextAttempt()).isEqualTo(6);
            assertThat(retry.getDueAt()).isAfterOrEqualTo(before.plusSeconds(10));
        });
    }

    @Test
    void aRefusalForADisabledChannelIsLabelledSoNotAsAnUntrustedClock() throws InterruptedException {
        SignedDelivery refused = SignedDelivery.newBuilder(signedNow(1))
                .setRefusal(new SigningRefusal("channel ops-alerts is disabled", false, "channel_disabled"))
                .build();

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), refused);

        assertThat(onlyAttempt().getNotSentCause()).isEqualTo("channel_disabled");
    }

    @Test
    void sealedRequestIsSentWithTheUnsealedUrlAndHeaders() throws InterruptedException {
        sealer = new CredentialSealer(Map.of("k1", new byte[32]), "k1");
        SignedDelivery sealed = sealed(signedNow(1), sealer);

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), sealed);

        assertThat(provider.received()).singleElement().satisfies(request -> {
            assertThat(request.rawPathAndQuery()).contains("access_token=" + TOKEN, "sign=" + SIGN);
            assertThat(request.header("Authorization")).isEqualTo("Bearer real-secret");
        });
        assertThat(onlyAttempt().getOutcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(producer.history())
                .allSatisfy(record -> assertThat(record.value().toString()).doesNotContain(TOKEN, SIGN, "real-secret"));
    }

    @Test
    void sealedRequestWithoutASealingKeyIsDeadLetteredNamingTheKeyId() throws InterruptedException {
        SignedDelivery sealed = sealed(signedNow(1), new CredentialSealer(Map.of("k1", new byte[32]), "k1"));

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), sealed);

        assertThat(provider.received()).isEmpty();
        DeliveryAttempt attempt = onlyAttempt();
        assertThat(attempt.getOutcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(attempt.getError())
                .startsWith("not sent: request sealed with key 'k1', but this dispatcher holds no sealing key");
        assertThat(written(topics.deadLetters())).hasSize(1);
    }

    @Test
    void sealedPartMovedToAnotherAttemptDoesNotOpenAndIsDeadLettered() throws InterruptedException {
        sealer = new CredentialSealer(Map.of("k1", new byte[32]), "k1");
        SignedDelivery sealedForAttempt1 = sealed(signedNow(1), sealer);
        SignedDelivery moved =
                SignedDelivery.newBuilder(sealedForAttempt1).setAttempt(2).build();

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), moved);

        assertThat(provider.received()).isEmpty();
        assertThat(onlyAttempt().getError()).startsWith("not sent: cannot open secrets sealed with key 'k1'");
        assertThat(onlyAttempt().getNotSentCause()).isEqualTo("unsealable");
        assertThat(written(topics.deadLetters()))
                .singleElement()
                .satisfies(record -> assertThat(((DeadLetter) record.value()).getFinalOutcome())
                        .isEqualTo(Outcome.PERMANENT));
    }

    @Test
    void channelPastItsWindowIsParkedUntilItsSlotAsAWaitNotAFailure() throws InterruptedException {
        ratePerMinute = 1;
        DeliveryService service = service(Duration.ofSeconds(5));

        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("dingtalk"), signedNow(5));

        assertThat(provider.received()).hasSize(1);
        List<DeliveryAttempt> attempts = written(topics.attempts()).stream()
                .map(r -> (DeliveryAttempt) r.value())
                .toList();
        assertThat(attempts).extracting(DeliveryAttempt::getNotSentCause).containsExactly(null, "paced");
        assertThat(attempts.get(1).getError())
                .startsWith("not sent: channel ops-alerts's window (1 per minute) is full: waits for its slot at ");
        assertThat(attempts).extracting(DeliveryAttempt::getPacedMs).containsExactly(null, null);
        // a wait, not a failure: nothing to explain
        assertThat(attempts.get(1).getExplanation()).isNull();
        assertThat(written(topics.deadLetters())).isEmpty();
        assertThat(topics.retryTopics().stream()
                        .flatMap(t -> written(t).stream())
                        .toList())
                .singleElement()
                .satisfies(record -> assertThat(((DeliveryRetry) record.value()).getDueAt())
                        .isAfter(Instant.now().plusSeconds(50)));
        // counted as pacing, not as a RETRYABLE try or a retry
        assertThat(meters.find("herald.dispatcher.attempts")
                        .tag("outcome", "RETRYABLE")
                        .counters())
                .isEmpty();
        assertThat(meters.find("herald.dispatcher.deliveries")
                        .tag("result", "retry")
                        .counters())
                .isEmpty();
        assertThat(meters.get("herald.dispatcher.paced")
                        .tag("where", "parked")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anOrderedChannelsLaterNotificationWaitsBehindOneWaitingForARetryWithoutBeingSent()
            throws InterruptedException {
        orderedChannel(Channel.OnDeadLetter.RELEASE, null);
        provider.answer(503, "text/plain", "down");
        DeliveryService service = service(Duration.ofSeconds(5));
        Provider dingtalk = Provider.of("dingtalk");

        assertThat(service.deliver(dingtalk, inOrder("n-1", 100, 1))).isInstanceOf(Decision.Retry.class);
        Decision second = service.deliver(dingtalk, inOrder("n-2", 101, 1));

        assertThat(provider.received()).as("the second was not sent").hasSize(1);
        assertThat(second)
                .isInstanceOfSatisfying(
                        Decision.Retry.class,
                        retry -> assertThat(retry.retry().getDueAt())
                                .isAfter(Instant.now().plusSeconds(5)));
        DeliveryAttempt waited =
                (DeliveryAttempt) written(topics.attempts()).get(1).value();
        assertThat(waited.getOutcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(waited.getNotSentCause()).isEqualTo("ordered");
        assertThat(waited.getWaitingBehind()).isEqualTo("n-1");
        assertThat(waited.getError())
                .isEqualTo("not sent: waiting behind notification n-1: channel ops-alerts delivers in order");
        assertThat(waited.getExplanation()).as("a wait, not a failure").isNull();
        assertThat(orderingWritten()).last().satisfies(state -> {
            assertThat(state.getChannel()).isEqualTo(Fixtures.CHANNEL);
            assertThat(state.getWaiting())
                    .extracting(e -> e.getNotificationId())
                    .containsExactly("n-1", "n-2");
            assertThat(state.getHeadLast()).contains("503");
        });
        assertThat(written(topics.ordering()).getLast().key()).isEqualTo(Fixtures.CHANNEL);
        // the head's retry spreads by notification id; a wait goes on the first tier keyed by channel, so the channel's
        // waiting notifications come back together, in the order they were parked
        assertThat(written(topics.retry(0))).extracting(ProducerRecord::key).containsExactly("n-1", Fixtures.CHANNEL);

        // the head's retry is delivered: the one behind it goes on its next turn
        provider.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(service.deliver(dingtalk, inOrder("n-1", 100, 2))).isInstanceOf(Decision.Done.class);
        assertThat(service.deliver(dingtalk, inOrder("n-2", 101, 3))).isInstanceOf(Decision.Done.class);
        assertThat(provider.received()).hasSize(3);
        assertThat(orderingWritten().getLast().getWaiting()).isEmpty();
    }

    @Test
    void anOrderedChannelThatStopsOnADeadLetterHoldsTheRestUntilResumed() throws InterruptedException {
        orderedChannel(Channel.OnDeadLetter.STOP, null);
        provider.answer(200, "application/json", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        DeliveryService service = service(Duration.ofSeconds(5));
        Provider dingtalk = Provider.of("dingtalk");

        assertThat(service.deliver(dingtalk, inOrder("n-1", 100, 1))).isInstanceOf(Decision.GiveUp.class);
        provider.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(service.deliver(dingtalk, inOrder("n-2", 101, 1))).isInstanceOf(Decision.Retry.class);

        assertThat(provider.received()).hasSize(1);
        DeliveryAttempt held =
                (DeliveryAttempt) written(topics.attempts()).get(1).value();
        assertThat(held.getNotSentCause()).isEqualTo("ordered_stopped");
        assertThat(held.getWaitingBehind()).isEqualTo("n-1");
        assertThat(orderingWritten().getLast().getStopped().getNotificationId()).isEqualTo("n-1");

        assertThat(service.deliver(dingtalk, inOrder("n-2", 101, 2)))
                .as("still stopped")
                .isInstanceOf(Decision.Retry.class);
        orderedChannel(Channel.OnDeadLetter.STOP, Instant.now().plusSeconds(1)); // an operator resumes it
        Thread.sleep(1100);
        assertThat(service.deliver(dingtalk, inOrder("n-2", 101, 3))).isInstanceOf(Decision.Done.class);
        assertThat(provider.received()).hasSize(2);
    }

    @Test
    void pollDeadlineParkNamesItsCause() {
        service(Duration.ofSeconds(5)).park(Provider.of("dingtalk"), signedNow(1), "took too long");

        assertThat(onlyAttempt().getNotSentCause()).isEqualTo("poll_deadline");
    }

    @Test
    void circuitOpensAfterFailuresAndParksWorkForTheEndpoint() throws InterruptedException {
        circuit = DispatcherTestCircuit.TRIGGER_HAPPY;
        provider.answer(503, "text/plain", "down");
        DeliveryService service = service(Duration.ofSeconds(5));

        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("dingtalk"), signedNow(1));

        assertThat(provider.received()).hasSize(2);
        List<DeliveryAttempt> attempts = written(topics.attempts()).stream()
                .map(r -> (DeliveryAttempt) r.value())
                .toList();
        assertThat(attempts).extracting(DeliveryAttempt::getHttpStatus).containsExactly(503, 503, null);
        assertThat(attempts.get(2).getError()).startsWith("not sent: circuit open for 127.0.0.1:");
        assertThat(attempts).extracting(DeliveryAttempt::getNotSentCause).containsExactly(null, null, "circuit_open");
        assertThat(attempts.get(2).getOutcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(attempts.get(0).getExplanation().getText())
                .isEqualTo("HTTP 503: the provider failed to handle the request");
        assertThat(attempts.get(2).getExplanation().getText()).startsWith("not sent: the circuit open for 127.0.0.1:");
    }

    @Test
    void openCircuitProbesAfterItsWaitAndClosesWhenTheEndpointRecovered() throws InterruptedException {
        circuit = DispatcherTestCircuit.QUICK_TO_PROBE;
        provider.answer(503, "text/plain", "outage");
        DeliveryService service = service(Duration.ofSeconds(5));
        service.deliver(Provider.of("dingtalk"), signedNow(1));
        service.deliver(Provider.of("dingtalk"), signedNow(1));
        assertThat(service.deliver(Provider.of("dingtalk"), signedNow(1))).isInstanceOf(Decision.Retry.class);
        assertThat(provider.received()).hasSize(2);

        provider.answer(200, "application/json", "{\"errcode\":0,\"errmsg\":\"ok\"}");

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> service.deliver(Provider.of("dingtalk"), signedNow(1)) instanceof Decision.Done);
        assertThat(service.deliver(Provider.of("dingtalk"), signedNow(1))).isInstanceOf(Decision.Done.class);
        assertThat(provider.received()).hasSize(4);
    }

    @Test
    void webhookEndpointThatAnswered410IsNotCalledAgain() throws InterruptedException {
        provider.answer(410, "text/plain", "");
        DeliveryService service = service(Duration.ofSeconds(5));

        service.deliver(Provider.of("webhook"), signedNow(1));
        service.deliver(Provider.of("webhook"), signedNow(1));

        assertThat(provider.received()).hasSize(1);
        List<DeliveryAttempt> attempts = written(topics.attempts()).stream()
                .map(r -> (DeliveryAttempt) r.value())
                .toList();
        assertThat(attempts)
                .extracting(DeliveryAttempt::getOutcome)
                .containsExactly(Outcome.PERMANENT, Outcome.PERMANENT);
        assertThat(attempts.get(1).getError())
                .startsWith("not sent: endpoint 127.0.0.1:")
                .contains("is disabled: answered 410 Gone at");
        assertThat(attempts).extracting(DeliveryAttempt::getNotSentCause).containsExactly(null, "endpoint_gone");
        assertThat(written(topics.deadLetters())).hasSize(2);
    }

    /** What the signer does with sealing on: the real URL and the Authorization header sealed, masked copies in clear. */
    private static SignedDelivery sealed(SignedDelivery signed, CredentialSealer sealer) {
        HttpCall request = signed.getRequest();
        String aad = signed.getNotification().getNotificationId() + ":" + signed.getAttempt();
        return SignedDelivery.newBuilder(signed)
                .setRequest(HttpCall.newBuilder(request)
                        .setUrl(request.getUrl().replace(TOKEN, "***").replace(SIGN, "***"))
                        .setHeaders(Map.of("Content-Type", "application/json", "Authorization", "***"))
                        .setSealed(sealer.seal(
                                Map.of(
                                        CredentialSealer.URL,
                                        request.getUrl(),
                                        CredentialSealer.HEADER_PREFIX + "Authorization",
                                        "Bearer real-secret"),
                                aad))
                        .build())
                .build();
    }

    @Test
    void attemptsAndDeadLettersNeverCarryTheUrlCredentials() throws InterruptedException {
        provider.answer(
                200,
                "application/json",
                "{\"errcode\":300001,\"errmsg\":\"token not found in ?access_token=" + TOKEN + "\"}");

        service(Duration.ofSeconds(5)).deliver(Provider.of("dingtalk"), signedNow(1));

        assertThat(producer.history())
                .isNotEmpty()
                .allSatisfy(record -> assertThat(record.value().toString()).doesNotContain(TOKEN, SIGN));
    }

    @Test
    void unacknowledgedOutcomeFailsTheTry() {
        producer = producer(false);

        assertThatThrownBy(() -> service(Duration.ofMillis(200)).deliver(Provider.of("dingtalk"), signedNow(1)))
                .isInstanceOf(OutcomeWriter.OutcomeNotWrittenException.class)
                .hasMessageStartingWith(
                        "outcome of notification " + NOTIFICATION_ID + " attempt 1 not acknowledged by Kafka");
    }
}
