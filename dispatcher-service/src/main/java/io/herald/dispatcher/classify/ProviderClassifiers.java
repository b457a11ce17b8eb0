package io.herald.dispatcher.classify;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The outcome classifiers of the providers, one each, by provider. */
public final class ProviderClassifiers {

    private final Map<Provider, OutcomeClassifier> byProvider = new HashMap<>();

    public ProviderClassifiers(Collection<? extends OutcomeClassifier> classifiers) {
        for (OutcomeClassifier classifier : classifiers) {
            if (byProvider.put(classifier.provider(), classifier) != null) {
                throw new IllegalArgumentException(
                        "two classifiers for provider " + classifier.provider().id());
            }
        }
    }

    /** The classifiers of every registered provider plug-in ({@link ProviderPlugin#all()}). */
    public static ProviderClassifiers builtIn() {
        return new ProviderClassifiers(
                ProviderPlugin.all().stream().map(ProviderPlugin::classifier).toList());
    }

    public Optional<OutcomeClassifier> find(Provider provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }

    public OutcomeClassifier get(Provider provider) {
        return find(provider)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no outcome classifier for provider '" + provider.id() + "'; supported: " + supportedIds()));
    }

    public Set<Provider> supported() {
        return Set.copyOf(byProvider.keySet());
    }

    public String supportedIds() {
        return String.join(", ", byProvider.keySet().stream().map(Provider::id).toList());
    }
}
