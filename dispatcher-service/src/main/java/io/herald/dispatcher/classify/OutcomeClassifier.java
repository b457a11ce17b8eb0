package io.herald.dispatcher.classify;

import io.herald.contract.Provider;
import io.herald.dispatcher.transport.ProviderAnswer;

/**
 * Reads one provider's answer body and decides the outcome. Providers answer HTTP 200 for failures too
 * (DingTalk {@code errcode}, Feishu {@code code}, Tencent {@code Response.Error.Code}), so a 2xx status
 * alone never means delivered.
 *
 * <p>Each provider has exactly one implementation, in its own package, registered in
 * {@link ProviderClassifiers#builtIn()}. Transport failures and non-2xx statuses are judged before this,
 * by {@link DeliveryClassifier}, the same way for every provider.
 */
public interface OutcomeClassifier {

    Provider provider();

    /** Classifies a 2xx answer; must not throw, whatever the body holds. */
    Classification classify(ProviderAnswer answer);
}
