package io.herald.signer.signing;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.MaskedEndpoints;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import io.herald.schema.SigningRefusal;
import io.herald.signer.clock.ClockMetrics;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.secrets.ChannelCredentials;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one signing code path, shared by {@code herald.accepted}, the retry tiers, {@code /internal/v1/resign} and the
 * preview: finds the channel, asks the {@link TrustedClock} whether the provider may be signed for, signs, and seals
 * the credential-bearing parts with the {@link CredentialSealer} when there is one. A channel that cannot be signed is
 * answered with a {@link SigningRefusal} the dispatcher acts on; transient failures are thrown for the caller to retry.
 */
public class RequestSigning {

    /** Why a delivery was refused. */
    public enum RefusalCause {
        /** No channel of that name, in the seed file or on {@code herald.channels}: permanent. */
        UNKNOWN_CHANNEL,
        /** The channel was deleted: permanent. */
        DELETED,
        /** The channel is disabled: not permanent, the notification parks until it is enabled. */
        DISABLED,
        /** The channel cannot be signed (provider, credential, sealed secret): permanent. */
        UNSIGNABLE,
        /** The clock is not trustworthy within the provider's tolerance: not permanent. */
        CLOCK;

        /** As {@code SigningRefusal.cause} names it. */
        String label() {
            return switch (this) {
                case UNKNOWN_CHANNEL -> "unknown_channel";
                case DELETED -> "channel_deleted";
                case DISABLED -> "channel_disabled";
                case UNSIGNABLE -> "unsignable";
                case CLOCK -> "clock_untrusted";
            };
        }
    }

    /**
     * A signed (or refused) delivery and what went into it. {@code signed} and {@code provider} may be empty on refusal;
     * {@code cause} is null when signed.
     */
    public record Result(
            SignedDelivery delivery,
            Optional<Provider> provider,
            Optional<SignedRequest> signed,
            TrustedClock.Verdict clockVerdict,
            RefusalCause cause) {

        public boolean refused() {
            return delivery.getRefusal() != null;
        }
    }

    /** For the refusal's placeholder URL: a refused notification's endpoint, masked (the signers mask theirs alike). */
    private final MaskedEndpoints maskedEndpoints = new MaskedEndpoints();

    private final ChannelTargets targets;
    private final ChannelCredentials credentials;
    private final TrustedClock clock;
    private final Optional<CredentialSealer> sealer;
    private final SigningHealthIndicator health;
    private final ClockMetrics metrics;

    public RequestSigning(
            ChannelDirectory directory,
            ProviderSigners signers,
            ChannelCredentials credentials,
            TrustedClock clock,
            Optional<CredentialSealer> sealer,
            SigningHealthIndicator health,
            ClockMetrics metrics) {
        this.targets = new ChannelTargets(directory, signers, credentials);
        this.credentials = credentials;
        this.clock = clock;
        this.sealer = sealer;
        this.health = health;
        this.metrics = metrics;
    }

    /** Signs {@code attempt} of the notification now with the trusted clock, or refuses. */
    public Result sign(AcceptedNotification notification, int attempt, List<DeliveryAttempt> priorAttempts) {
        return sign(notification, attempt, priorAttempts, Optional.empty());
    }

    /**
     * Refusals ({@link RefusalCause}): permanent for an unknown, deleted or misconfigured channel (dead-lettered with
     * the reason), not permanent for a disabled channel or a clock not trustworthy within the provider's tolerance
     * (parked on the retry path).
     *
     * @param fixedTime when present (preview only), the instant to sign with instead of the trusted clock; the clock
     *     gate is then not applied
     */
    public Result sign(
            AcceptedNotification notification,
            int attempt,
            List<DeliveryAttempt> priorAttempts,
            Optional<Instant> fixedTime) {
        String channelName = notification.getChannel();
        ChannelTargets.Target target;
        switch (targets.find(channelName)) {
            case ChannelTargets.Refusal refusal -> {
                if (refusal.healthProblem()) {
                    health.failed(channelName, refusal.reason(), Instant.now());
                }
                // the signed topic is chosen by the channel's provider, else the notification's: still answered on it
                Optional<Provider> provider = refusal.provider().or(() -> Provider.byId(notification.getProvider()));
                return refused(
                        notification,
                        attempt,
                        priorAttempts,
                        provider,
                        refusal.cause(),
                        refusal.reason(),
                        refusal.permanent(),
                        refusal.channel(),
                        clock.now());
            }
            case ChannelTargets.Target found -> target = found;
        }
        Provider provider = target.provider();
        Channel channel = target.entry().channel();
        // one reading of the trusted clock: the instant signed with is the one whose error bound was just checked
        TrustedClock.Verdict verdict = clock.check(provider);
        if (fixedTime.isEmpty() && !verdict.signable()) {
            metrics.refused(provider);
            return refused(
                    notification,
                    attempt,
                    priorAttempts,
                    Optional.of(provider),
                    RefusalCause.CLOCK,
                    verdict.reason(),
                    false,
                    channel,
                    verdict.at());
        }
        // the signature and signedAt must carry the same instant; Avro keeps milliseconds
        Instant signedAt = fixedTime.orElse(verdict.at()).truncatedTo(ChronoUnit.MILLIS);
        SignedRequest signed;
        try {
            // the channel as it is now, its sealed secrets (if any) opened for this signature only
            signed = credentials.signing(
                    target.entry(), provider, signing -> target.signer().sign(notification, signing, signedAt));
        } catch (SecretUnavailableException | ChannelMisconfiguredException e) {
            String reason = Redaction.text(e.getMessage());
            health.failed(channelName, reason, Instant.now());
            return refused(
                    notification,
                    attempt,
                    priorAttempts,
                    Optional.of(provider),
                    RefusalCause.UNSIGNABLE,
                    reason,
                    true,
                    channel,
                    clock.now());
        } catch (UnsignableNotificationException e) {
            throw e; // a property of this record, not of the channel: not a channel health problem
        } catch (RuntimeException e) {
            String reason = e.getMessage() != null
                    ? Redaction.text(e.getMessage())
                    : e.getClass().getSimpleName();
            health.failed(channelName, reason, Instant.now());
            throw e;
        }
        health.succeeded(channelName);
        SignedDelivery delivery = SignedDelivery.newBuilder()
                .setNotification(notification)
                .setAttempt(attempt)
                .setSignedAt(signedAt)
                .setNotAfter(SignatureValidity.notAfter(provider, signedAt))
                .setRequest(seal(signed, notification.getNotificationId(), attempt))
                .setPriorAttempts(List.copyOf(priorAttempts))
                // what explains a rejection later: the clock's estimate signed with, and what the signature covers
                .setClock(fixedTime.isEmpty() ? verdict.state() : null)
                .setSignedContent(signed.signedContent())
                .build();
        return new Result(delivery, Optional.of(provider), Optional.of(signed), verdict, null);
    }

    /** Whether credentials on Kafka are encrypted. */
    public boolean sealing() {
        return sealer.isPresent();
    }

    /** Full URL and secret headers sealed; {@code request.url} and {@code request.headers} keep masked values. */
    private HttpCall seal(SignedRequest signed, String notificationId, int attempt) {
        HttpCall call = signed.call();
        if (sealer.isEmpty()) {
            return call;
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(CredentialSealer.URL, call.getUrl());
        Map<String, String> headers = call.getHeaders(); // without secret headers they go as the signer made them
        if (!signed.secretHeaders().isEmpty()) {
            headers = new LinkedHashMap<>(headers);
            for (String name : signed.secretHeaders()) {
                String value = headers.get(name);
                if (value != null) {
                    secrets.put(CredentialSealer.HEADER_PREFIX + name, value);
                    headers.put(name, Redaction.MASK);
                }
            }
        }
        // a new record from the values, not HttpCall.newBuilder(call), which deep-copies the headers and the body:
        // nothing changes either once signed, so the sealed request can share them with the signed one
        return HttpCall.newBuilder()
                .setMethod(call.getMethod())
                .setUrl(signed.maskedUrl())
                .setHeaders(headers)
                .setBody(call.getBody())
                .setSealed(sealer.get().seal(secrets, notificationId + ":" + attempt))
                .build();
    }

    /** @param trustedNow the trusted clock's time now, stamped as {@code signedAt} and {@code notAfter} */
    private Result refused(
            AcceptedNotification notification,
            int attempt,
            List<DeliveryAttempt> priorAttempts,
            Optional<Provider> provider,
            RefusalCause cause,
            String reason,
            boolean permanent,
            Channel channel,
            Instant trustedNow) {
        Instant now = trustedNow.truncatedTo(ChronoUnit.MILLIS);
        // no usable request: the dispatcher must not send it; the URL is only the masked endpoint, for people
        HttpCall placeholder = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(channel == null ? "" : maskedEndpoints.of(channel.endpoint()))
                .setHeaders(Map.of())
                .setBody(ByteBuffer.allocate(0))
                .build();
        SignedDelivery delivery = SignedDelivery.newBuilder()
                .setNotification(notification)
                .setAttempt(attempt)
                .setSignedAt(now)
                .setNotAfter(now)
                .setRequest(placeholder)
                .setRefusal(SigningRefusal.newBuilder()
                        .setReason(reason)
                        .setPermanent(permanent)
                        .setCause(cause.label())
                        .build())
                .setPriorAttempts(List.copyOf(priorAttempts))
                .build();
        return new Result(
                delivery, provider, Optional.empty(), new TrustedClock.Verdict(false, trustedNow, reason), cause);
    }
}
