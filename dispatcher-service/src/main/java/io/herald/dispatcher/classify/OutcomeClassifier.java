package io.herald.dispatcher.classify;

import io.herald.contract.Provider;
import io.herald.dispatcher.transport.ProviderAnswer;
import java.util.Optional;

/**
 * Reads one provider's answer body and decides the outcome. Providers answer HTTP 200 for failures too
 * (DingTalk {@code errcode}, Feishu {@code code}, Tencent {@code Response.Error.Code}), so a 2xx status
 * alone never means delivered.
 *
 * <p>Each provider has exactly one implementation, in its own package, registered in
 * {@link ProviderClassifiers#builtIn()}. Transport failures are judged by {@link DeliveryClassifier}, the
 * same way for every provider; non-2xx statuses too, unless {@link #classifyRejection} knows better.
 */
public interface OutcomeClassifier {

    Provider provider();

    /** Classifies a 2xx answer; must not throw, whatever the body holds. */
    Classification classify(ProviderAnswer answer);

    /**
     * Classifies a non-2xx answer when the provider gives it a meaning of its own (Slack's error text, a
     * Standard Webhooks 410, a Feishu or Tencent body behind a 4xx); empty leaves it to the shared HTTP
     * rules of {@link DeliveryClassifier}. Must not throw.
     */
    default Optional<Classification> classifyRejection(ProviderAnswer answer) {
        return Optional.empty();
    }
}
