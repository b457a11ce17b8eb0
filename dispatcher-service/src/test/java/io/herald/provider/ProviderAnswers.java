package io.herald.provider;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ProviderAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Classifies a provider answer the way the dispatcher does: shared HTTP rules, then the provider's own. */
public final class ProviderAnswers {

    private static final DeliveryClassifier CLASSIFIER = new DeliveryClassifier(ProviderClassifiers.builtIn());

    private ProviderAnswers() {}

    public static Classification classify(Provider provider, int status, String body) {
        return classify(
                provider, new ProviderAnswer(status, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }

    public static Classification classify(Provider provider, ProviderAnswer answer) {
        return CLASSIFIER.classify(provider, new TransportResult.Answered(Instant.EPOCH, Duration.ZERO, answer, null));
    }
}
