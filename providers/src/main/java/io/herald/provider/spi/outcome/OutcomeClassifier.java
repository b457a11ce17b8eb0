package io.herald.provider.spi.outcome;

import io.herald.contract.provider.Provider;
import java.util.Optional;

/**
 * Reads one provider's answer body and decides the outcome. Providers answer HTTP 200 for failures too
 * (DingTalk {@code errcode}, Feishu {@code code}, Tencent {@code Response.Error.Code}), so a 2xx status
 * alone never means delivered.
 *
 * <p>Each provider has exactly one implementation, in its own package, made by its plug-in. Transport failures are
 * judged by the dispatcher's {@code DeliveryClassifier}, the same way for every provider; non-2xx statuses too, unless
 * {@link #classifyRejection} knows better.
 */
public interface OutcomeClassifier {

    Provider provider();

    /** Classifies a 2xx answer; must not throw, whatever the body holds. */
    Classification classify(ProviderAnswer answer);

    /**
     * Classifies a non-2xx answer when the provider gives it a meaning of its own (Slack's error text, a
     * Standard Webhooks 410, a Feishu or Tencent body behind a 4xx); empty leaves it to the shared HTTP
     * rules of the dispatcher. Must not throw.
     */
    default Optional<Classification> classifyRejection(ProviderAnswer answer) {
        return Optional.empty();
    }

    /**
     * Explains a try that did not deliver, from the provider's table of codes and the context (the trusted clock, the
     * provider's clock, the request sent, what the signature covers); empty leaves it to the shared HTTP and transport
     * explanations. Must not throw and must not put a secret in any text.
     */
    default Optional<Explanation> explain(ExplainContext context) {
        return Optional.empty();
    }

    /** True when {@code result} means the endpoint asks never to be sent to again (the channel is then disabled). */
    default boolean endpointGone(Classification result) {
        return false;
    }
}
