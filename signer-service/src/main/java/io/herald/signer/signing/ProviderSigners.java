package io.herald.signer.signing;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.signing.ProviderSigner;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The provider signers this service has, by provider. */
public final class ProviderSigners {

    private final Map<Provider, ProviderSigner> byProvider = new HashMap<>();

    public ProviderSigners(Collection<? extends ProviderSigner> signers) {
        for (ProviderSigner signer : signers) {
            if (byProvider.putIfAbsent(signer.provider(), signer) != null) {
                throw new IllegalArgumentException(
                        "two signers for provider " + signer.provider().id());
            }
        }
    }

    public static ProviderSigners of(ProviderSigner... signers) {
        return new ProviderSigners(List.of(signers));
    }

    public Optional<ProviderSigner> forProvider(Provider provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }

    /** Ids of the supported providers, for messages: {@code dingtalk}. */
    public String supportedIds() {
        return byProvider.keySet().stream().map(Provider::id).collect(Collectors.joining(", "));
    }
}
