package io.herald.provider.spi.outcome;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP answer from a provider, as the classifiers see it.
 *
 * @param status HTTP status
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body the response body bytes
 * @param retryAfter the {@code Retry-After} header as a delay from now, or {@code null}
 */
public record ProviderAnswer(int status, String contentType, byte[] body, Duration retryAfter) {

    public ProviderAnswer {
        body = body == null ? new byte[0] : body;
    }

    public ProviderAnswer(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderAnswer that
                && status == that.status
                && Objects.equals(contentType, that.contentType)
                && Objects.equals(retryAfter, that.retryAfter)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ProviderAnswer[status=" + status + ", contentType=" + contentType + ", " + body.length + " bytes]";
    }
}
