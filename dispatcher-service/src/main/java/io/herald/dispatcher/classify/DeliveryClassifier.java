package io.herald.dispatcher.classify;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The one place that decides what a try came to. Rules shared by every provider come first: a failure
 * without an answer (refused, reset, timeouts, DNS, TLS) and a non-2xx status are judged here, the same
 * for all; a 2xx answer goes to the provider's {@link OutcomeClassifier}, because "HTTP 200 is not
 * success" for providers that put their errors in the body.
 *
 * <p>Error texts are built here from fixed phrases and the target {@code host:port}; an exception's own
 * message is only ever used redacted.
 */
public class DeliveryClassifier {

    /** Errors of TLS handshake failures start with this (the retry policy bounds their tries). */
    public static final String TLS_HANDSHAKE = "TLS handshake with ";

    private final ProviderClassifiers providers;

    public DeliveryClassifier(ProviderClassifiers providers) {
        this.providers = providers;
    }

    public Classification classify(Provider provider, TransportResult result) {
        return switch (result) {
            case TransportResult.Failed failed -> transportFailure(failed);
            case TransportResult.Answered answered -> answer(provider, answered.answer());
        };
    }

    /** True when the provider says the endpoint must not be sent to again (e.g. a Standard Webhooks 410). */
    public boolean endpointGone(Provider provider, Classification result) {
        return providers.get(provider).endpointGone(result);
    }

    /** HTTP rules: 2xx to the provider, 429/408 and 5xx retryable, any other status permanent. */
    Classification answer(Provider provider, ProviderAnswer answer) {
        Classification result = statusOrBody(provider, answer);
        // Retry-After only matters for another try; a provider's "come back later" on a final answer is moot.
        return result.outcome() == Outcome.RETRYABLE && result.retryAfter() == null
                ? result.withRetryAfter(answer.retryAfter())
                : result;
    }

    private Classification statusOrBody(Provider provider, ProviderAnswer answer) {
        int status = answer.status();
        OutcomeClassifier classifier = providers.get(provider);
        if (answer.isSuccessful()) {
            return classifier.classify(answer);
        }
        java.util.Optional<Classification> own = classifier.classifyRejection(answer);
        if (own.isPresent()) {
            return own.get();
        }
        if (status == 429 || status == 408 || status >= 500) {
            return Classification.httpStatus(Outcome.RETRYABLE, status);
        }
        if (status >= 300 && status < 400) {
            // Redirects are never followed: the signature covers this URL only.
            return new Classification(
                    Outcome.PERMANENT, "HTTP " + status + ": redirects are not followed", status, null, null, null);
        }
        return Classification.httpStatus(Outcome.PERMANENT, status);
    }

    /** Transport rules: every network failure is worth another try, each with its own text; a request that cannot be built is not. */
    Classification transportFailure(TransportResult.Failed failed) {
        Throwable cause = failed.cause();
        String target = failed.target();
        if (has(cause, UnresolvedAddressException.class) || has(cause, UnknownHostException.class)) {
            return Classification.transportFailure(Outcome.RETRYABLE, "DNS lookup failed for " + host(target));
        }
        if (!has(cause, IOException.class)) {
            // Not a network failure: the signed request itself is unusable (bad URL, method, header).
            return Classification.transportFailure(
                    Outcome.PERMANENT,
                    "invalid request: " + cause.getClass().getSimpleName() + " " + Redaction.text(rootMessage(cause)));
        }
        // HttpConnectTimeoutException is a HttpTimeoutException: test it first.
        if (has(cause, HttpConnectTimeoutException.class)) {
            return Classification.transportFailure(Outcome.RETRYABLE, "connect timeout to " + target);
        }
        if (has(cause, HttpTimeoutException.class)) {
            return Classification.transportFailure(Outcome.RETRYABLE, "request timeout: no answer from " + target);
        }
        if (has(cause, SSLException.class)) {
            // host, the alert or reason, what was offered and the proxy: enough to fix it without a packet capture
            return Classification.transportFailure(
                    Outcome.RETRYABLE,
                    TLS_HANDSHAKE + target + " failed: " + Redaction.text(rootMessage(cause))
                            + (failed.route() == null ? "" : "; offered " + failed.route()));
        }
        if (has(cause, NoRouteToHostException.class)) {
            return Classification.transportFailure(Outcome.RETRYABLE, "no route to " + target);
        }
        if (has(cause, ConnectException.class)) {
            // A refused connection is a ConnectException (Apache's HttpHostConnectException is one), after DNS
            // succeeded and before the connect timeout.
            return Classification.transportFailure(Outcome.RETRYABLE, "connection refused by " + target);
        }
        if (isReset(cause)) {
            return Classification.transportFailure(
                    Outcome.RETRYABLE, "connection reset: " + target + " closed the connection before answering");
        }
        return Classification.transportFailure(
                Outcome.RETRYABLE,
                "I/O error talking to " + target + ": " + cause.getClass().getSimpleName()
                        + (rootMessage(cause).isEmpty() ? "" : " " + Redaction.text(rootMessage(cause))));
    }

    private static boolean isReset(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("reset")
                    || message.contains("received no bytes")
                    || message.contains("eof")
                    || message.contains("closed")
                    || message.contains("broken pipe")) {
                return true;
            }
            if (t instanceof ClosedChannelException || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable cause) {
        String message = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message == null ? "" : message;
    }

    private static String host(String target) {
        int colon = target.lastIndexOf(':');
        return colon > 0 ? target.substring(0, colon) : target;
    }
}
