package io.herald.dispatcher.explain;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.delivery.RetryPolicy;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import io.herald.provider.spi.outcome.HttpExplanations;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.schema.FailureExplanation;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that explains a try that did not deliver: not sent ({@link NotSentExplanations}), no answer
 * ({@link TransportExplanations}), or an answer — first the provider's own table (its {@link OutcomeClassifier}), then
 * the shared HTTP meanings. Built only for failures: a delivered try costs nothing.
 */
public final class FailureExplainer {

    private final Map<String, OutcomeClassifier> providers = new ConcurrentHashMap<>();

    /**
     * @param signed the delivery as tried (the re-signed one when it was re-signed first)
     * @param responseDate the provider's {@code Date} header, or {@code null}
     * @return the explanation, or {@code null} for a delivered try
     */
    public FailureExplanation explain(
            Provider provider, SignedDelivery signed, Classification result, Instant responseDate) {
        if (result.outcome() == Outcome.DELIVERED) {
            return null;
        }
        return explanation(provider, signed, result, responseDate).toRecord();
    }

    private Explanation explanation(
            Provider provider, SignedDelivery signed, Classification result, Instant responseDate) {
        String error = result.error();
        if (result.httpStatus() == null && error != null && error.startsWith(RetryPolicy.NOT_SENT)) {
            return NotSentExplanations.of(provider, error.substring(RetryPolicy.NOT_SENT.length()));
        }
        if (result.httpStatus() == null) {
            return TransportExplanations.of(signed.getNotification().getChannel(), error == null ? "" : error);
        }
        ExplainContext context = new ExplainContext(
                result,
                signed.getSignedAt(),
                responseDate,
                signed.getClock(),
                sent(signed.getRequest()),
                signed.getSignedContent());
        try {
            return classifier(provider)
                    .explain(context)
                    .or(() -> HttpExplanations.of(result.httpStatus()))
                    .orElseGet(() -> unexplained(result));
        } catch (RuntimeException e) {
            // a plug-in's bug must not lose the attempt: the summary still says what the provider answered
            return unexplained(result);
        }
    }

    private OutcomeClassifier classifier(Provider provider) {
        return providers.computeIfAbsent(
                provider.id(), id -> ProviderPlugin.of(provider).classifier());
    }

    private static Explanation unexplained(Classification result) {
        if ("unexpected response body".equals(result.error())) {
            return new Explanation(
                    result.summary(),
                    "the answer is not the provider's (an HTML page?): most likely a proxy, firewall or captive portal"
                            + " answered instead; Herald retries",
                    null);
        }
        return new Explanation(result.summary(), null, null);
    }

    /** The request as it went on Kafka: the URL masked when credentials were sealed, the body exactly as sent. */
    private static ExplainContext.SentRequest sent(HttpCall call) {
        ByteBuffer body = call.getBody().duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return new ExplainContext.SentRequest(call.getMethod(), call.getUrl(), bytes);
    }
}
