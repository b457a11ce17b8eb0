package io.herald.signer.signing;

import io.herald.contract.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.SignedDelivery;
import io.herald.signer.log.Redaction;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a notification through {@link RequestSigning} and writes the {@link SignedDelivery} to
 * {@code herald.signed.<provider>}, returning once the broker has it. Used for first attempts (from
 * {@code herald.accepted}) and for every retry: a retry is always re-signed, never resent with an old signature.
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

    /** Signs {@code attempt} of the notification, carrying the earlier attempts, and publishes it. */
    public SignedDelivery signAndPublish(
            AcceptedNotification notification, int attempt, List<DeliveryAttempt> priorAttempts) {
        RequestSigning.Result result = signing.sign(notification, attempt, priorAttempts);
        Provider provider = result.provider().orElseThrow(() -> new UnsignableNotificationException(
                "notification " + notification.getNotificationId() + " for channel " + notification.getChannel()
                        + ": unknown provider '" + notification.getProvider() + "' and no such channel here"));
        SignedDelivery delivery = result.delivery();
        publisher.publish(provider, delivery);
        if (result.refused()) {
            log.warn("Refused to sign notification {} attempt {} for channel {} ({}): {}",
                    notification.getNotificationId(), attempt, notification.getChannel(),
                    delivery.getRefusal().getPermanent() ? "permanent" : "will wait", delivery.getRefusal().getReason());
        } else {
            log.debug("Signed notification {} attempt {} for channel {} at {}: {} {}", notification.getNotificationId(),
                    attempt, notification.getChannel(), delivery.getSignedAt(), delivery.getRequest().getMethod(),
                    Redaction.url(delivery.getRequest().getUrl()));
        }
        return delivery;
    }
}
