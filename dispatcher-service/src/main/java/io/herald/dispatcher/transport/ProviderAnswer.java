package io.herald.dispatcher.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP answer from a provider, as the classifiers see it.
 *
 * @param status HTTP status
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body the response body bytes
 */
public record ProviderAnswer(int status, String contentType, byte[] body) {

    public ProviderAnswer {
        body = body == null ? new byte[0] : body;
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderAnswer that
                && status == that.status
                && Objects.equals(contentType, that.contentType)
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
