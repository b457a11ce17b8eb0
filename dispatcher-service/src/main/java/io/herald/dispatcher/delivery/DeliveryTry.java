package io.herald.dispatcher.delivery;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resign.SignerClient.ResignResult;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.dispatcher.transport.RecentTargets;
import io.herald.dispatcher.transport.Target;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.herald.schema.SigningRefusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one try of a signed delivery, recording nothing ({@link DeliveryService} does): a signer refusal is not sent;
 * a request close to its {@code notAfter} is re-signed first ({@link Freshness}); then it is unsealed
 * ({@link Unsealer}), admitted by the {@link ChannelGuards}, sent exactly as signed and its answer classified
 * ({@link DeliveryClassifier}). A try that was not sent says so in its error ({@link RetryPolicy#NOT_SENT}).
 */
final class DeliveryTry {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final HttpTransport transport;
    private final DeliveryClassifier classifier;
    private final Clock clock;
    private final Freshness freshness;
    private final SignerClient signer;
    private final Unsealer unsealer;
    private final ChannelGuards guards;
    private final RecentTargets targets = new RecentTargets();

    DeliveryTry(
            HttpTransport transport,
            DeliveryClassifier classifier,
            Clock clock,
            Freshness freshness,
            SignerClient signer,
            Unsealer unsealer,
            ChannelGuards guards) {
        this.transport = transport;
        this.classifier = classifier;
        this.clock = clock;
        this.freshness = freshness;
        this.signer = signer;
        this.unsealer = unsealer;
        this.guards = guards;
    }

    /**
     * @param paceUntil the latest time it may wait for its channel's window in its lane; a later slot parks it
     */
    Try attempt(Provider provider, SignedDelivery signed, Instant paceUntil) throws InterruptedException {
        if (signed.getRefusal() != null) {
            return refused(signed, signed.getRefusal());
        }
        Instant now = clock.instant();
        // re-signed here and sent, so a backlog longer than a provider's window cannot make requests cycle through
        // the retry path; a signer that is unreachable or refuses makes a parked RESIGN (422: permanent)
        if (freshness.isStale(provider, signed.getNotAfter(), now)) {
            ResignResult resigned = signer.resign(signed);
            switch (resigned) {
                case ResignResult.Fresh fresh -> {
                    SignedDelivery renewed = sameTry(signed, fresh.signed());
                    if (renewed == null) {
                        return notSent(
                                signed,
                                Outcome.RESIGN,
                                NotSentCause.RESIGN_FAILED,
                                "signature expires at " + signed.getNotAfter()
                                        + " and the signer answered the re-sign with another notification or attempt");
                    }
                    if (renewed.getRefusal() != null) {
                        return refused(signed, renewed.getRefusal());
                    }
                    if (freshness.isStale(provider, renewed.getNotAfter(), clock.instant())) {
                        return notSent(
                                signed,
                                Outcome.RESIGN,
                                NotSentCause.RESIGN_FAILED,
                                "re-signed, but the new signature expires at " + renewed.getNotAfter()
                                        + ", too close to send");
                    }
                    log.info(
                            "notification {} attempt {}: signature valid until {} re-signed before sending",
                            signed.getNotification().getNotificationId(),
                            signed.getAttempt(),
                            signed.getNotAfter());
                    signed = renewed;
                }
                case ResignResult.Refused refused -> {
                    return notSent(
                            signed,
                            refused.permanent() ? Outcome.PERMANENT : Outcome.RESIGN,
                            NotSentCause.ofRefusal(refused.permanent()),
                            "signature expires at " + signed.getNotAfter() + "; " + refused.reason());
                }
                case ResignResult.Unavailable unavailable -> {
                    return notSent(
                            signed,
                            Outcome.RESIGN,
                            NotSentCause.RESIGN_FAILED,
                            "signature expires at " + signed.getNotAfter() + " and re-signing failed: "
                                    + unavailable.reason());
                }
            }
        }
        HttpCall call;
        try {
            call = unsealer.open(signed);
        } catch (Unsealer.UnsealException e) {
            return notSent(signed, Outcome.PERMANENT, NotSentCause.UNSEALABLE, e.getMessage());
        }
        // the guards judge the URL as it travels on Kafka (masked when sealed), the transport sends to the opened one:
        // both parsed at most once, and usually not at all (a channel's URL was seen before)
        Target guarded = targets.of(signed.getRequest().getUrl());
        Target destination = call.getUrl().equals(guarded.url()) ? guarded : targets.of(call.getUrl());
        ChannelGuards.Admission admission = guards.admit(
                provider,
                signed.getNotification().getChannel(),
                guarded,
                signed.getNotification().getNotificationId(),
                paceUntil);
        if (admission instanceof ChannelGuards.Admission.Refuse refuse) {
            return notSent(signed, Outcome.PERMANENT, NotSentCause.ENDPOINT_GONE, refuse.reason());
        }
        if (admission instanceof ChannelGuards.Admission.Park park) {
            Try parked = notSent(signed, Outcome.RETRYABLE, NotSentCause.ofPark(park.cause()), park.reason());
            return new Try(
                    parked.signed(),
                    parked.startedAt(),
                    Duration.ZERO,
                    null,
                    parked.result().withRetryAfter(park.delay()),
                    parked.notSentCause(),
                    Duration.ZERO,
                    park.circuitOpenSince(),
                    null);
        }
        ChannelGuards.Admission.Go go = (ChannelGuards.Admission.Go) admission;
        ChannelGuards.Permit permit = go.permit();
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
        return new Try(signed, sent.startedAt(), sent.latency(), responseDate, result, null, go.paced(), null, null);
    }

    private Try refused(SignedDelivery signed, SigningRefusal refusal) {
        return notSent(
                signed,
                refusal.getPermanent() ? Outcome.PERMANENT : Outcome.RESIGN,
                NotSentCause.ofRefusal(refusal),
                "signer refused to sign: " + Redaction.text(refusal.getReason()));
    }

    private Try notSent(SignedDelivery signed, Outcome outcome, NotSentCause cause, String why) {
        return Try.notSent(signed, outcome, cause, why, clock.instant());
    }

    /** The re-signed delivery, if it is the same try; it keeps the prior attempts the stale one carried. */
    private static SignedDelivery sameTry(SignedDelivery stale, SignedDelivery fresh) {
        if (!fresh.getNotification()
                        .getNotificationId()
                        .equals(stale.getNotification().getNotificationId())
                || fresh.getAttempt() != stale.getAttempt()) {
            return null;
        }
        if (fresh.getPriorAttempts().isEmpty() && !stale.getPriorAttempts().isEmpty()) {
            return SignedDelivery.newBuilder(fresh)
                    .setPriorAttempts(stale.getPriorAttempts())
                    .build();
        }
        return fresh;
    }
}
