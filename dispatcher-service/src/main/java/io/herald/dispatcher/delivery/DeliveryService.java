package io.herald.dispatcher.delivery;

import static io.herald.dispatcher.delivery.RetryPolicy.NOT_SENT;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resign.SignerClient.ResignResult;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.dispatcher.transport.RecentTargets;
import io.herald.dispatcher.transport.Target;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.herald.schema.SigningRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one try of a signed delivery and writes what comes of it ({@link #deliver} waits for the broker to
 * acknowledge; {@link #deliverWithoutWaiting} leaves the wait to its caller). In order:
 *
 * <ol>
 *   <li>a signer <b>refusal</b> is never sent: permanent → dead letter with the reason; otherwise a RESIGN
 *       attempt, parked on the retry path (not counted against max-attempts);
 *   <li>a request too close to its {@code notAfter} ({@link Freshness}) is <b>re-signed synchronously</b> by
 *       the signer and the fresh one sent, so a backlog longer than a provider's window cannot make requests
 *       cycle; if the signer is unreachable or refuses, the try is a parked RESIGN (422: permanent);
 *   <li>the credential-bearing parts are <b>unsealed</b> ({@link Unsealer}); a record that cannot be opened
 *       is dead-lettered PERMANENT, naming the key id;
 *   <li>the channel's rate limit and the endpoint's circuit breaker are asked ({@link ChannelGuards}); a
 *       refusal parks the try;
 *   <li>the request is sent exactly as signed and the answer classified ({@link DeliveryClassifier}).
 * </ol>
 * Every try, sent or not, becomes one {@code DeliveryAttempt}; tries that were not sent say so in their
 * error ({@link RetryPolicy#NOT_SENT}).
 */
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final HttpTransport transport;
    private final DeliveryClassifier classifier;
    private final RetryPolicy policy;
    private final OutcomeWriter writer;
    private final Clock clock;
    private final String dispatcherId;
    private final MeterRegistry meters;
    private final Freshness freshness;
    private final SignerClient signer;
    private final Unsealer unsealer;
    private final ChannelGuards guards;
    private final RecentTargets targets = new RecentTargets();
    private final Map<Provider, ProviderMeters> metersByProvider = new ConcurrentHashMap<>();

    public DeliveryService(
            HttpTransport transport,
            DeliveryClassifier classifier,
            RetryPolicy policy,
            OutcomeWriter writer,
            Clock clock,
            String dispatcherId,
            MeterRegistry meters,
            Freshness freshness,
            SignerClient signer,
            Unsealer unsealer,
            ChannelGuards guards) {
        this.transport = transport;
        this.classifier = classifier;
        this.policy = policy;
        this.writer = writer;
        this.clock = clock;
        this.dispatcherId = dispatcherId;
        this.meters = meters;
        this.freshness = freshness;
        this.signer = signer;
        this.unsealer = unsealer;
        this.guards = guards;
    }

    /** What one try came to, before it is recorded. */
    private record Try(SignedDelivery signed, Instant startedAt, Duration latency, Instant responseDate,
            Classification result) {}

    /**
     * Delivers one signed request read from {@code herald.signed.<provider>}.
     *
     * @throws InterruptedException when the listener is stopped mid-try; nothing is committed then
     * @throws OutcomeWriter.OutcomeNotWrittenException when Kafka did not acknowledge the outcome
     */
    public Decision deliver(Provider provider, SignedDelivery signed) throws InterruptedException {
        Delivery delivery = deliverWithoutWaiting(provider, signed);
        delivery.written().await();
        return delivery.decision();
    }

    /** What a try decided, and its outcome records on their way to the broker. */
    public record Delivery(Decision decision, OutcomeWriter.Written written) {}

    /**
     * As {@link #deliver}, but returns once the outcome is sent, before the broker acknowledged it: a caller
     * delivering many records waits for all acknowledgements together ({@link OutcomeWriter.Written#await()}).
     */
    public Delivery deliverWithoutWaiting(Provider provider, SignedDelivery signed) throws InterruptedException {
        return conclude(provider, attempt(provider, signed));
    }

    /**
     * Parks a signed request without sending it: a not-sent RETRYABLE try (not counted against max-attempts)
     * written to the retry path with the first tier's delay, for the signer to sign afresh. Does not wait for
     * the acknowledgement.
     */
    public Delivery park(Provider provider, SignedDelivery signed, String why) {
        return conclude(provider, notSent(signed, Outcome.RETRYABLE, why));
    }

    private Delivery conclude(Provider provider, Try attempt) {
        DeliveryAttempt record = record(provider, attempt);
        Decision decision = policy.decide(attempt.signed(), record, attempt.result(), clock.instant());
        OutcomeWriter.Written written = writer.send(record, decision);

        count(provider, attempt.result(), attempt.latency());
        // every try is in the audit timeline; the log keeps what needs a look (DEBUG shows deliveries too)
        boolean delivered = decision instanceof Decision.Done;
        if (!delivered || log.isDebugEnabled()) {
            String line = "notification {} channel {} attempt {} to {}: {} ({}) in {} ms; {}";
            Object[] args = {record.getNotificationId(), record.getChannel(), record.getAttempt(),
                    Redaction.url(attempt.signed().getRequest().getUrl()), attempt.result().outcome(),
                    attempt.result().summary(), record.getLatencyMs(), describe(decision)};
            if (delivered) {
                log.debug(line, args);
            } else {
                log.info(line, args);
            }
        }
        return new Delivery(decision, written);
    }

    private Try attempt(Provider provider, SignedDelivery signed) throws InterruptedException {
        if (signed.getRefusal() != null) {
            return refused(signed, signed.getRefusal());
        }
        Instant now = clock.instant();
        if (freshness.isStale(provider, signed.getNotAfter(), now)) {
            ResignResult resigned = signer.resign(signed);
            switch (resigned) {
                case ResignResult.Fresh fresh -> {
                    SignedDelivery renewed = sameTry(signed, fresh.signed());
                    if (renewed == null) {
                        return notSent(signed, Outcome.RESIGN, "signature expires at " + signed.getNotAfter()
                                + " and the signer answered the re-sign with another notification or attempt");
                    }
                    if (renewed.getRefusal() != null) {
                        return refused(signed, renewed.getRefusal());
                    }
                    if (freshness.isStale(provider, renewed.getNotAfter(), clock.instant())) {
                        return notSent(signed, Outcome.RESIGN, "re-signed, but the new signature expires at "
                                + renewed.getNotAfter() + ", too close to send");
                    }
                    log.info("notification {} attempt {}: signature valid until {} re-signed before sending",
                            signed.getNotification().getNotificationId(), signed.getAttempt(), signed.getNotAfter());
                    signed = renewed;
                }
                case ResignResult.Refused refused -> {
                    return notSent(signed, refused.permanent() ? Outcome.PERMANENT : Outcome.RESIGN,
                            "signature expires at " + signed.getNotAfter() + "; " + refused.reason());
                }
                case ResignResult.Unavailable unavailable -> {
                    return notSent(signed, Outcome.RESIGN, "signature expires at " + signed.getNotAfter()
                            + " and re-signing failed: " + unavailable.reason());
                }
            }
        }
        HttpCall call;
        try {
            call = unsealer.open(signed);
        } catch (Unsealer.UnsealException e) {
            return notSent(signed, Outcome.PERMANENT, e.getMessage());
        }
        // the guards judge the URL as it travels on Kafka (masked when sealed), the transport sends to the opened one:
        // both parsed at most once, and usually not at all (a channel's URL was seen before)
        Target guarded = targets.of(signed.getRequest().getUrl());
        Target destination = call.getUrl().equals(guarded.url()) ? guarded : targets.of(call.getUrl());
        ChannelGuards.Admission admission = guards.admit(provider, signed.getNotification().getChannel(), guarded);
        if (admission instanceof ChannelGuards.Admission.Refuse refuse) {
            return notSent(signed, Outcome.PERMANENT, refuse.reason());
        }
        if (admission instanceof ChannelGuards.Admission.Park park) {
            Try parked = notSent(signed, Outcome.RETRYABLE, park.reason());
            return new Try(parked.signed(), parked.startedAt(), Duration.ZERO, null,
                    parked.result().withRetryAfter(park.delay()));
        }
        ChannelGuards.Permit permit = ((ChannelGuards.Admission.Go) admission).permit();
        TransportResult sent;
        try {
            sent = transport.send(signed.getNotification().getChannel(), call, destination);
        } catch (InterruptedException | RuntimeException e) {
            permit.release();
            throw e;
        }
        Classification result = classifier.classify(provider, sent);
        permit.record(sent, result);
        if (classifier.endpointGone(provider, result)) {
            guards.disable(guarded, "answered " + result.httpStatus() + " Gone");
        }
        Instant responseDate = sent instanceof TransportResult.Answered answered ? answered.responseDate() : null;
        return new Try(signed, sent.startedAt(), sent.latency(), responseDate, result);
    }

    private Try refused(SignedDelivery signed, SigningRefusal refusal) {
        return notSent(signed, refusal.getPermanent() ? Outcome.PERMANENT : Outcome.RESIGN,
                "signer refused to sign: " + Redaction.text(refusal.getReason()));
    }

    private Try notSent(SignedDelivery signed, Outcome outcome, String why) {
        return new Try(signed, clock.instant(), Duration.ZERO, null,
                Classification.transportFailure(outcome, NOT_SENT + why));
    }

    /** The re-signed delivery, if it is the same try; it keeps the prior attempts the stale one carried. */
    private static SignedDelivery sameTry(SignedDelivery stale, SignedDelivery fresh) {
        if (!fresh.getNotification().getNotificationId().equals(stale.getNotification().getNotificationId())
                || fresh.getAttempt() != stale.getAttempt()) {
            return null;
        }
        if (fresh.getPriorAttempts().isEmpty() && !stale.getPriorAttempts().isEmpty()) {
            return SignedDelivery.newBuilder(fresh).setPriorAttempts(stale.getPriorAttempts()).build();
        }
        return fresh;
    }

    private DeliveryAttempt record(Provider provider, Try attempt) {
        AcceptedNotification notification = attempt.signed().getNotification();
        Classification result = attempt.result();
        return DeliveryAttempt.newBuilder()
                .setNotificationId(notification.getNotificationId())
                .setChannel(notification.getChannel())
                .setProvider(provider.id())
                .setTenant(notification.getTenant())
                .setAttempt(attempt.signed().getAttempt())
                .setSignedAt(attempt.signed().getSignedAt())
                .setStartedAt(attempt.startedAt())
                .setLatencyMs(attempt.latency().toMillis())
                .setOutcome(result.outcome())
                .setHttpStatus(result.httpStatus())
                .setProviderCode(result.providerCode())
                .setProviderMessage(result.providerMessage())
                .setError(result.error())
                .setResponseDate(attempt.responseDate())
                .setDispatcher(dispatcherId)
                .build();
    }

    private String describe(Decision decision) {
        return switch (decision) {
            case Decision.Done done -> "done";
            case Decision.Retry retry -> "attempt " + retry.retry().getNextAttempt() + " due at "
                    + retry.retry().getDueAt() + " via " + writer.topicOf(decision);
            case Decision.GiveUp giveUp -> "dead letter: " + giveUp.deadLetter().getReason();
        };
    }

    private void count(Provider provider, Classification result, Duration latency) {
        ProviderMeters own = metersByProvider.computeIfAbsent(provider, ProviderMeters::new);
        own.attempts.computeIfAbsent(result.outcome(), own::registerAttempts).increment();
        own.latency.record(latency);
    }

    /**
     * A provider's meters, built and registered once (the timer on the provider's first try, a counter on its
     * outcome's first try) instead of for every try: building a meter and finding it in the registry again cost ~4 %
     * of the dispatcher's CPU.
     */
    private final class ProviderMeters {
        private final Provider provider;
        private final Timer latency;
        private final Map<Outcome, Counter> attempts = new ConcurrentHashMap<>();

        ProviderMeters(Provider provider) {
            this.provider = provider;
            this.latency = Timer.builder("herald.dispatcher.latency")
                    .description("Time from sending a request to the provider's answer or the failure")
                    .tag("provider", provider.id())
                    .register(meters);
        }

        Counter registerAttempts(Outcome outcome) {
            return Counter.builder("herald.dispatcher.attempts")
                    .description("Tries to deliver, by provider and outcome")
                    .tag("provider", provider.id())
                    .tag("outcome", outcome.name())
                    .register(meters);
        }
    }
}
