package io.herald.dispatcher.explain;

import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.provider.spi.outcome.Explanation;

/**
 * Tries that got no answer, by the error {@link DeliveryClassifier} wrote; the same for every provider. A TLS
 * handshake failure names what Herald offered (the TLS profile's protocols and suites), what the server answered (its
 * alert) and the proxy used: the classifier puts all three in the error, never a proxy's credentials.
 */
final class TransportExplanations {

    private static final String JDK_TLS =
            "https://docs.oracle.com/en/java/javase/21/security/java-secure-socket-extension-jsse-reference-guide.html";

    private TransportExplanations() {}

    static Explanation of(String channel, String error) {
        if (error.startsWith(DeliveryClassifier.TLS_HANDSHAKE)) {
            return tls(channel, error);
        }
        if (error.startsWith("DNS lookup failed")) {
            return new Explanation(
                    error,
                    "the endpoint's host name does not resolve from the dispatcher: a typo or a DNS outage",
                    null);
        }
        if (error.startsWith("connect timeout")) {
            return new Explanation(
                    error,
                    "nothing accepted the connection in time: a firewall dropping packets, a wrong port or a proxy"
                            + " that is down; or, for an https endpoint, the TLS handshake got no answer (a port that"
                            + " speaks plain HTTP); Herald retries",
                    null);
        }
        if (error.startsWith("request timeout")) {
            return new Explanation(error, "connected, but the provider did not answer in time; Herald retries", null);
        }
        if (error.startsWith("connection refused")) {
            return new Explanation(
                    error, "nothing listens on that host and port (or a proxy refused): check the endpoint", null);
        }
        if (error.startsWith("connection reset")) {
            return new Explanation(
                    error, "the provider or a middlebox closed the connection mid-request; Herald retries", null);
        }
        if (error.startsWith("no route to")) {
            return new Explanation(error, "the dispatcher's network cannot reach that host", null);
        }
        if (error.startsWith("invalid request")) {
            return new Explanation(
                    error,
                    "the signed request cannot be sent as it is (URL, method or header): check the channel",
                    null);
        }
        return new Explanation(error.isEmpty() ? "no answer from the provider" : error, null, null);
    }

    /** {@code TLS handshake with host:port failed: <alert>; offered <profile>, <proxy>}. */
    private static Explanation tls(String channel, String error) {
        int failed = error.indexOf(" failed: ");
        int offeredAt = error.indexOf("; offered ");
        String target =
                error.substring(DeliveryClassifier.TLS_HANDSHAKE.length(), failed < 0 ? error.length() : failed);
        String alert = failed < 0
                ? "unknown"
                : error.substring(failed + " failed: ".length(), offeredAt < 0 ? error.length() : offeredAt);
        String offered = offeredAt < 0 ? null : error.substring(offeredAt + "; offered ".length());
        String cause = "the server answered: " + alert + ". "
                + (offered == null
                        ? "Herald offered the JDK's default protocols and suites."
                        : "Herald offered the " + offered + ".")
                + " The server accepts none of what was offered, or does not trust Herald's certificate check:"
                + " compare herald.dispatcher.network.tls.channels." + channel
                + " (protocols, cipher-suites, trust-store) with what the server accepts, and the proxy in between";
        return new Explanation("TLS handshake with " + target + " failed", cause, JDK_TLS);
    }
}
