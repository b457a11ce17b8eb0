package io.herald.signer.signing;

import io.herald.contract.Provider;
import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import io.herald.signer.clock.SigningClock;
import io.herald.signer.log.Redaction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Signs a notification for its channel's provider with a fresh timestamp from the {@link SigningClock}
 * and writes the {@link SignedDelivery} to {@code herald.signed.<provider>}, returning once the broker has
 * it. Used for first attempts (from {@code herald.accepted}) and for every retry: a retry is always
 * re-signed, never resent with an old signature.
 *
 * <p>Reads the channel catalog and credentials; records signing failures on {@link SigningHealthIndicator}.
 */
@Service
public class DeliverySigner {

    private static final Logger log = LoggerFactory.getLogger(DeliverySigner.class);

    private final ChannelCatalog catalog;
    private final ProviderSigners signers;
    private final SigningClock clock;
    private final SignedDeliveryPublisher publisher;
    private final SigningHealthIndicator health;

    public DeliverySigner(
            ChannelCatalog catalog,
            ProviderSigners signers,
            SigningClock clock,
            SignedDeliveryPublisher publisher,
            SigningHealthIndicator health) {
        this.catalog = catalog;
        this.signers = signers;
        this.clock = clock;
        this.publisher = publisher;
        this.health = health;
    }

    /** Signs and publishes the first attempt of an accepted notification. */
    public SignedDelivery signFirstAttempt(AcceptedNotification notification) {
        return signAndPublish(notification, 1, List.of());
    }

    /** Signs {@code attempt} of the notification, carrying the earlier attempts, and publishes it. */
    public SignedDelivery signAndPublish(
            AcceptedNotification notification, int attempt, List<DeliveryAttempt> priorAttempts) {
        String channelName = notification.getChannel();
        Channel channel = catalog.find(channelName).orElseThrow(() -> failed(channelName, new SigningException(
                "herald.channels." + channelName + ": channel is not in this signer's channel catalog")));
        Provider provider = channel.providerType();
        ProviderSigner signer = signers.forProvider(provider).orElseThrow(() -> failed(channelName, new SigningException(
                "herald.channels." + channelName + ".provider: " + provider.id()
                        + " is not supported by this signer (supported: " + signers.supportedIds() + ")")));

        // the signature and signedAt must carry the same instant; Avro keeps milliseconds
        Instant signedAt = clock.now().truncatedTo(ChronoUnit.MILLIS);
        HttpCall request;
        try {
            request = signer.sign(notification, channel, signedAt);
        } catch (UnsignableNotificationException e) {
            throw e; // a property of this record, not of the channel: not a channel health problem
        } catch (RuntimeException e) {
            throw failed(channelName, e);
        }
        health.succeeded(channelName);

        SignedDelivery delivery = SignedDelivery.newBuilder()
                .setNotification(notification)
                .setAttempt(attempt)
                .setSignedAt(signedAt)
                .setNotAfter(SignatureValidity.notAfter(provider, signedAt))
                .setRequest(request)
                .setPriorAttempts(List.copyOf(priorAttempts))
                .build();
        publisher.publish(provider, delivery);
        log.debug("Signed notification {} attempt {} for channel {} at {}: {} {}", notification.getNotificationId(),
                attempt, channelName, signedAt, request.getMethod(), Redaction.url(request.getUrl()));
        return delivery;
    }

    private RuntimeException failed(String channelName, RuntimeException e) {
        String reason = e.getMessage() != null ? Redaction.text(e.getMessage()) : e.getClass().getSimpleName();
        health.failed(channelName, reason, Instant.now());
        return e;
    }
}
