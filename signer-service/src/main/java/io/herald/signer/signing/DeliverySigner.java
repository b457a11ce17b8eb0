package io.herald.signer.signing;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.tracing.PollTraces;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.SignedDelivery;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Signs a notification through {@link RequestSigning} and writes the {@link SignedDelivery} to
 * {@code herald.signed.<provider>}, returning once the broker has it (one poll of first attempts is acknowledged
 * together). Used for first attempts (from {@code herald.accepted}) and for every retry: a retry is always re-signed, never resent with an old signature.
 * A refusal (unknown or misconfigured channel, untrustworthy clock) is written too, so the dispatcher dead-letters or
 * parks it: the signer never writes retries or dead letters itself.
 */
public class DeliverySigner {

    private static final Logger log = LoggerFactory.getLogger(DeliverySigner.class);

    private final RequestSigning signing;
    private final SignedDeliveryPublisher publisher;

    public DeliverySigner(RequestSigning signing, SignedDeliveryPublisher publisher) {
        this.signing = signing;
        this.publisher = publisher;
    }

    /** Signs and publishes the first attempt of an accepted notification. */
    public SignedDelivery signFirstAttempt(AcceptedNotification notification) {
        return signAndPublish(notification, 1, List.of());
    }

    /**
     * Signs the first attempt of each notification (one poll of {@code herald.accepted}) and writes them all,
     * waiting once for the broker to acknowledge every one.
     *
     * @param traces the notifications' record traces, in the same order: each is signed and sent inside its own
     * @throws BatchListenerFailedException at the first notification that could not be signed or written; the
     *     ones before it are written
     */
    public void signFirstAttempts(List<AcceptedNotification> notifications, PollTraces traces) {
        SignedDeliveryPublisher.Batch batch = publisher.batch();
        for (int i = 0; i < notifications.size(); i++) {
            int index = i;
            try {
                traces.get(i).run(() -> {
                    Signed signed = sign(notifications.get(index), 1, List.of());
                    batch.send(index, signed.provider(), signed.delivery());
                });
            } catch (RuntimeException e) {
                throw batch.failedAt(i, e);
            }
        }
        batch.awaitAcks();
    }

    /** Signs {@code attempt} of the notification, carrying the earlier attempts, and publishes it. */
    public SignedDelivery signAndPublish(
            AcceptedNotification notification, int attempt, List<DeliveryAttempt> priorAttempts) {
        Signed signed = sign(notification, attempt, priorAttempts);
        publisher.publish(signed.provider(), signed.delivery());
        return signed.delivery();
    }

    private record Signed(Provider provider, SignedDelivery delivery) {}

    private Signed sign(AcceptedNotification notification, int attempt, List<DeliveryAttempt> priorAttempts) {
        RequestSigning.Result result = signing.sign(notification, attempt, priorAttempts);
        Provider provider = result.provider()
                .orElseThrow(() -> new UnsignableNotificationException(
                        "notification " + notification.getNotificationId() + " for channel " + notification.getChannel()
                                + ": unknown provider '" + notification.getProvider() + "' and no such channel here"));
        SignedDelivery delivery = result.delivery();
        if (result.cause() == RequestSigning.RefusalCause.DISABLED) {
            // disabled on purpose: its notifications park and come back every retry tier, no WARN each time
            log.info(
                    "Not signing notification {} attempt {}: {}; it waits on the retry path",
                    notification.getNotificationId(),
                    attempt,
                    delivery.getRefusal().getReason());
        } else if (result.refused()) {
            log.warn(
                    "Refused to sign notification {} attempt {} for channel {} ({}): {}",
                    notification.getNotificationId(),
                    attempt,
                    notification.getChannel(),
                    delivery.getRefusal().getPermanent() ? "permanent" : "will wait",
                    delivery.getRefusal().getReason());
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "Signed notification {} attempt {} for channel {} at {}: {} {}",
                    notification.getNotificationId(),
                    attempt,
                    notification.getChannel(),
                    delivery.getSignedAt(),
                    delivery.getRequest().getMethod(),
                    Redaction.url(delivery.getRequest().getUrl()));
        }
        return new Signed(provider, delivery);
    }
}
