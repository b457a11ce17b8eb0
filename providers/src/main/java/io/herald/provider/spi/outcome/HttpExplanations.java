package io.herald.provider.spi.outcome;

import java.util.Optional;

/**
 * What an HTTP status means when the provider's answer says nothing more: shared by every provider, used when its own
 * table has no entry. Links to the HTTP specification (RFC 9110) and RFC 6585 for 429.
 */
public final class HttpExplanations {

    private static final String RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#status.";

    private HttpExplanations() {}

    public static Optional<Explanation> of(Integer status) {
        if (status == null || (status >= 200 && status < 300)) {
            return Optional.empty();
        }
        int s = status;
        return Optional.of(
                switch (s) {
                    case 400 ->
                        new Explanation(
                                "HTTP 400: the provider could not accept the request as sent",
                                "the message or API call does not fit the provider's rules (a field, a size, a format)",
                                RFC9110 + "400");
                    case 401 ->
                        new Explanation(
                                "HTTP 401: the provider did not accept the credentials",
                                "the channel's credential is missing, wrong or revoked: check it in the channel",
                                RFC9110 + "401");
                    case 403 ->
                        new Explanation(
                                "HTTP 403: the provider refused the request",
                                "the credential is valid but not allowed here (permissions, IP allow-list), or it is wrong",
                                RFC9110 + "403");
                    case 404 ->
                        new Explanation(
                                "HTTP 404: nothing at this endpoint",
                                "the channel's endpoint URL is wrong, or the robot/webhook was deleted",
                                RFC9110 + "404");
                    case 408 ->
                        new Explanation(
                                "HTTP 408: the provider timed out waiting for the request",
                                "a slow network or proxy between Herald and the provider; Herald retries",
                                RFC9110 + "408");
                    case 410 ->
                        new Explanation(
                                "HTTP 410: the endpoint is gone",
                                "the receiver disabled this endpoint; Herald stops sending to it until the channel changes",
                                RFC9110 + "410");
                    case 413 ->
                        new Explanation(
                                "HTTP 413: the request is too large for the provider",
                                "the message is over the provider's size limit: shorten it or lower the channel's limit",
                                RFC9110 + "413");
                    case 429 ->
                        new Explanation(
                                "HTTP 429: the provider is rate-limiting this channel",
                                "more requests than the provider allows in its window; Herald retries after Retry-After",
                                "https://www.rfc-editor.org/rfc/rfc6585#section-4");
                    default ->
                        s >= 500
                                ? new Explanation(
                                        "HTTP " + s + ": the provider failed to handle the request",
                                        "a fault or overload on the provider's side (or a proxy in between); Herald retries",
                                        RFC9110 + (s <= 505 ? Integer.toString(s) : "5xx"))
                                : s >= 300 && s < 400
                                        ? new Explanation(
                                                "HTTP " + s + ": the provider redirected the request",
                                                "Herald never follows redirects (the signature covers this URL only):"
                                                        + " point the channel at the new URL",
                                                RFC9110 + "3xx")
                                        : new Explanation(
                                                "HTTP " + s + ": the provider rejected the request",
                                                null,
                                                RFC9110 + "4xx");
                });
    }
}
