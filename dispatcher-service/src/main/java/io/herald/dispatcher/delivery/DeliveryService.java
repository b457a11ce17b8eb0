package io.herald.dispatcher.delivery;

import io.herald.contract.Provider;
import io.herald.dispatcher.classify.Classification;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.redaction.Redaction;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one try of a signed delivery: sends the request exactly as signed, classifies what came back,
 * records the attempt and writes what comes next (nothing, a retry or a dead letter), waiting for the
 * broker to acknowledge before returning.
 *
 * <p>A request whose signature already expired ({@code notAfter} passed, e.g. after consumer lag) is never
 * sent: the try is recorded as RESIGN and goes back through the signer.
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

    public DeliveryService(
            HttpTransport transport,
            DeliveryClassifier classifier,
            RetryPolicy policy,
            OutcomeWriter writer,
            Clock clock,
            String dispatcherId,
            MeterRegistry meters) {
        this.transport = transport;
        this.classifier = classifier;
        this.policy = policy;
        this.writer = writer;
        this.clock = clock;
        this.dispatcherId = dispatcherId;
        this.meters = meters;
    }

    /**
     * Delivers one signed request read from {@code herald.signed.<provider>}.
     *
     * @throws InterruptedException when the listener is stopped mid-try; nothing is committed then
     * @throws OutcomeWriter.OutcomeNotWrittenException when Kafka did not acknowledge the outcome
     */
    public Decision deliver(Provider provider, SignedDelivery signed) throws InterruptedException {
        Instant startedAt;
        Duration latency = Duration.ZERO;
        Instant responseDate = null;
        Classification result;
        Instant now = clock.instant();
        if (!now.isBefore(signed.getNotAfter())) {
            startedAt = now;
            result = Classification.transportFailure(Outcome.RESIGN,
                    "not sent: signature expired at " + signed.getNotAfter() + " before it could be sent");
        } else {
            TransportResult sent = transport.send(signed.getRequest());
            startedAt = sent.startedAt();
            latency = sent.latency();
            if (sent instanceof TransportResult.Answered answered) {
                responseDate = answered.responseDate();
            }
            result = classifier.classify(provider, sent);
        }

        DeliveryAttempt attempt = attempt(provider, signed, startedAt, latency, responseDate, result);
        Decision decision = policy.decide(signed, attempt, result, clock.instant());
        writer.write(attempt, decision);

        count(provider, result, latency);
        log.info("notification {} channel {} attempt {} to {}: {} ({}) in {} ms; {}",
                attempt.getNotificationId(), attempt.getChannel(), attempt.getAttempt(),
                Redaction.url(signed.getRequest().getUrl()), result.outcome(), result.summary(),
                attempt.getLatencyMs(), describe(decision));
        return decision;
    }

    private DeliveryAttempt attempt(Provider provider, SignedDelivery signed, Instant startedAt, Duration latency,
            Instant responseDate, Classification result) {
        AcceptedNotification notification = signed.getNotification();
        return DeliveryAttempt.newBuilder()
                .setNotificationId(notification.getNotificationId())
                .setChannel(notification.getChannel())
                .setProvider(provider.id())
                .setTenant(notification.getTenant())
                .setAttempt(signed.getAttempt())
                .setSignedAt(signed.getSignedAt())
                .setStartedAt(startedAt)
                .setLatencyMs(latency.toMillis())
                .setOutcome(result.outcome())
                .setHttpStatus(result.httpStatus())
                .setProviderCode(result.providerCode())
                .setProviderMessage(result.providerMessage())
                .setError(result.error())
                .setResponseDate(responseDate)
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
        Counter.builder("herald.dispatcher.attempts")
                .description("Tries to deliver, by provider and outcome")
                .tag("provider", provider.id())
                .tag("outcome", result.outcome().name())
                .register(meters)
                .increment();
        Timer.builder("herald.dispatcher.latency")
                .description("Time from sending a request to the provider's answer or the failure")
                .tag("provider", provider.id())
                .register(meters)
                .record(latency);
    }
}
