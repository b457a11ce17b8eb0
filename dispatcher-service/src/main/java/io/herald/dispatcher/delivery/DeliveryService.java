package io.herald.dispatcher.delivery;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.explain.FailureExplainer;
import io.herald.dispatcher.ordering.OrderedChannels;
import io.herald.dispatcher.ordering.Settled;
import io.herald.dispatcher.ordering.Turn;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.OrderingState;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one try of a signed delivery ({@link DeliveryTry}) and writes what comes of it: one {@code DeliveryAttempt}
 * for every try, sent or not, with the retry policy's decision ({@link #deliver} waits for the broker to acknowledge;
 * {@link #deliverWithoutWaiting} leaves the wait to its caller), counted in {@link DeliveryMeters} and logged when it
 * needs a look.
 */
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final DeliveryTry tries;
    private final RetryPolicy policy;
    private final OutcomeWriter writer;
    private final Clock clock;
    private final String dispatcherId;
    private final DeliveryMeters meters;
    private final FailureExplainer explainer = new FailureExplainer();
    private final OrderedChannels ordering;

    /** @param ordering keeps ordered channels in order: a notification is tried only in its turn */
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
            ChannelGuards guards,
            OrderedChannels ordering) {
        this.ordering = ordering;
        this.tries = new DeliveryTry(transport, classifier, clock, freshness, signer, unsealer, guards);
        this.policy = policy;
        this.writer = writer;
        this.clock = clock;
        this.dispatcherId = dispatcherId;
        this.meters = new DeliveryMeters(meters);
    }

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
        return deliverWithoutWaiting(provider, signed, clock.instant());
    }

    /**
     * As {@link #deliverWithoutWaiting(Provider, SignedDelivery)}, waiting for the channel's rate window up to
     * {@code paceUntil} (its lane's bound); a later slot parks it until then.
     */
    public Delivery deliverWithoutWaiting(Provider provider, SignedDelivery signed, Instant paceUntil)
            throws InterruptedException {
        Instant now = clock.instant();
        Try attempt = switch (ordering.turn(provider, signed.getNotification(), now)) {
            case Turn.Go go -> tries.attempt(provider, signed, paceUntil);
            case Turn.Wait wait ->
                Try.notSent(signed, Outcome.RETRYABLE, NotSentCause.ofWait(wait.why()), wait.reason(), now)
                        .waitBehind(wait.behind(), wait.delay());
            case Turn.Full full ->
                Try.notSent(signed, Outcome.PERMANENT, NotSentCause.ORDERED_FULL, full.reason(), now);
        };
        return conclude(provider, attempt);
    }

    /** Before a poll's lanes run: reads where newly given ordered channels stand. */
    public void beforePoll(Provider provider) {
        ordering.beforePoll(provider);
    }

    /**
     * Parks a signed request without sending it: a not-sent RETRYABLE try (not counted against max-attempts)
     * written to the retry path with the first tier's delay, for the signer to sign afresh. Does not wait for
     * the acknowledgement.
     */
    public Delivery park(Provider provider, SignedDelivery signed, String why) {
        return conclude(
                provider, Try.notSent(signed, Outcome.RETRYABLE, NotSentCause.POLL_DEADLINE, why, clock.instant()));
    }

    private Delivery conclude(Provider provider, Try attempt) {
        DeliveryAttempt record = record(provider, attempt);
        Decision decision =
                policy.decide(attempt.signed(), record, attempt.result(), attempt.circuitOpenSince(), clock.instant());
        if (decision instanceof Decision.Reroute reroute) {
            record.setReroutedTo(reroute.toChannel()); // the timeline shows where it went on to, and why
        }
        OutcomeWriter.Written written = writer.send(record, decision, settle(provider, attempt, decision));

        // a request parked until its slot in its channel's window (or its turn in an ordered channel) waits, it did
        // not fail: counted as such (herald.dispatcher.paced, herald.dispatcher.ordering.waits), not as a RETRYABLE
        // try nor a retry
        boolean waits = attempt.waits() && decision instanceof Decision.Retry;
        if (!waits) {
            meters.count(provider, attempt.result(), attempt.latency());
            meters.decided(
                    provider,
                    record.getChannel(),
                    decision,
                    attempt.signed().getNotification().getAcceptedAt(),
                    attempt.signed().getSignedAt(),
                    attempt);
        }
        // every try is in the audit timeline; the log keeps what needs a look (DEBUG shows deliveries too)
        boolean delivered = decision instanceof Decision.Done || waits;
        if (!delivered || log.isDebugEnabled()) {
            String line = "notification {} channel {} attempt {} to {}: {} ({}) in {} ms; {}";
            Object[] args = {
                record.getNotificationId(),
                record.getChannel(),
                record.getAttempt(),
                Redaction.url(attempt.signed().getRequest().getUrl()),
                attempt.result().outcome(),
                attempt.result().summary(),
                record.getLatencyMs(),
                describe(decision)
            };
            if (delivered) {
                log.debug(line, args);
            } else {
                log.info(line, args);
            }
        }
        return new Delivery(decision, written);
    }

    /** What the decision means for the notification's place in an ordered channel; its new state when it changed. */
    private Optional<OrderingState> settle(Provider provider, Try attempt, Decision decision) {
        AcceptedNotification notification = attempt.signed().getNotification();
        Instant now = clock.instant();
        return switch (decision) {
            case Decision.Done done -> ordering.settle(provider, notification, Settled.THROUGH, null, null, now);
            case Decision.Reroute reroute -> ordering.settle(provider, notification, Settled.THROUGH, null, null, now);
            case Decision.GiveUp giveUp ->
                ordering.settle(
                        provider,
                        notification,
                        Settled.DEAD,
                        null,
                        giveUp.deadLetter().getReason(),
                        now);
            case Decision.Retry retry ->
                ordering.settle(
                        provider,
                        notification,
                        Settled.AGAIN,
                        retry.retry().getDueAt(),
                        attempt.waits() ? null : attempt.result().summary(),
                        now);
        };
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
                .setNotSentCause(
                        attempt.notSentCause() == null
                                ? null
                                : attempt.notSentCause().label())
                .setPacedMs(attempt.paced().isZero() ? null : attempt.paced().toMillis())
                .setWaitingBehind(attempt.waitingBehind())
                // a try parked until its slot in its channel's window waits, it did not fail: nothing to explain
                .setExplanation(
                        attempt.waits()
                                ? null
                                : explainer.explain(provider, attempt.signed(), result, attempt.responseDate()))
                .build();
    }

    private String describe(Decision decision) {
        return switch (decision) {
            case Decision.Done done -> "done";
            case Decision.Retry retry ->
                "attempt " + retry.retry().getNextAttempt() + " due at "
                        + retry.retry().getDueAt() + " via " + writer.topicOf(decision);
            case Decision.GiveUp giveUp -> "dead letter: " + giveUp.deadLetter().getReason();
            case Decision.Reroute reroute -> "on to fallback channel " + reroute.toChannel() + " of its route";
        };
    }
}
