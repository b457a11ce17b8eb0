package io.herald.provider.spi.outcome;

import io.herald.schema.SignedContent;
import io.herald.schema.SigningClockState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an explanation of one try may draw on: its classification, Herald's clock when it signed, the provider's clock
 * (its {@code Date} header) and the request as the dispatcher sent it. Holds no secret: the URL is the masked one.
 *
 * @param result the try's classification (code, message, status, transport error)
 * @param signedAt the instant stamped into the signature
 * @param responseDate the provider's {@code Date} header, or {@code null}
 * @param clock the trusted clock's state when it signed, or {@code null} (a refusal, an older signer)
 * @param sent the request sent, or {@code null} when nothing was sent
 * @param signedContent what the signature covers and its SHA-256, or {@code null} when the signer does not say
 */
public record ExplainContext(
        Classification result,
        Instant signedAt,
        Instant responseDate,
        SigningClockState clock,
        SentRequest sent,
        SignedContent signedContent) {

    /**
     * The request as sent.
     *
     * @param method the HTTP method
     * @param maskedUrl the URL with every credential masked
     * @param body the body bytes exactly as sent
     */
    public record SentRequest(String method, String maskedUrl, byte[] body) {
        public SentRequest {
            body = body == null ? new byte[0] : body;
        }

        /** The URL's raw path with its raw query ({@code /a/b?c=d}), {@code /} when it has none. */
        public String pathAndQuery() {
            try {
                URI uri = URI.create(maskedUrl);
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            } catch (IllegalArgumentException e) {
                return "/";
            }
        }
    }

    /** What the signature covered against the request sent, when the signer said what it signed and one was sent. */
    public Optional<SignedVsSent> signedVsSent() {
        return signedContent == null || sent == null
                ? Optional.empty()
                : Optional.of(new SignedVsSent(signedContent, sent));
    }

    /** The provider's {@code Date} minus the signature's time, when both are known. */
    public Optional<Duration> signatureAgeAtProvider() {
        return signedAt == null || responseDate == null
                ? Optional.empty()
                : Optional.of(Duration.between(signedAt, responseDate));
    }

    /**
     * Whether the signature was stamped by a clock trusted for the provider: its error bound within half the provider's
     * tolerance (the signer's own rule). False when unknown.
     */
    public boolean trustedClock() {
        return clock != null && clock.getToleranceMs() > 0 && 2 * clock.getErrorBoundMs() < clock.getToleranceMs();
    }

    /** {@code error bound 0.008 s, offset +0.120 s}, or {@code unknown} without a clock state. */
    public String describeClock() {
        if (clock == null) {
            return "Herald's clock state when it signed is unknown";
        }
        return "Herald's trusted clock had an error bound of " + seconds(clock.getErrorBoundMs())
                + " s (host clock " + (clock.getOffsetMs() >= 0 ? "behind by " : "ahead by ")
                + seconds(Math.abs(clock.getOffsetMs())) + " s, corrected)";
    }

    /** Milliseconds as seconds with up to three decimals ({@code 0.008}, {@code 412}). */
    public static String seconds(long millis) {
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
