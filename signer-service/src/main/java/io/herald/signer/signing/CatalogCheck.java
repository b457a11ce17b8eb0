package io.herald.signer.signing;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ProviderSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Start-up check that every channel in the catalog can be signed: its provider has a signer here and every
 * credential that signer needs resolves and is well-formed. A catalog that fails it stops the start, with one line per problem
 * naming the channel's property, so a mistyped secret is found at deploy time, not at the first message.
 */
public final class CatalogCheck {

    private CatalogCheck() {}

    /** Throws {@link UnsignableCatalogException} listing every problem, or returns when all channels are signable. */
    public static void requireSignable(ChannelCatalog catalog, ProviderSigners signers, SecretResolver secrets) {
        List<String> problems = problems(catalog, signers, secrets);
        if (!problems.isEmpty()) {
            throw new UnsignableCatalogException(problems);
        }
    }

    /** One message per problem, channels in name order; empty when every channel is signable. */
    public static List<String> problems(ChannelCatalog catalog, ProviderSigners signers, SecretResolver secrets) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Channel> entry : new TreeMap<>(catalog.channels()).entrySet()) {
            String name = entry.getKey();
            Channel channel = entry.getValue();
            Provider provider = channel.providerType();
            Optional<ProviderSigner> signer = signers.forProvider(provider);
            if (signer.isEmpty()) {
                problems.add("herald.channels." + name + ".provider: " + provider.id()
                        + " is not supported by this signer (supported: " + signers.supportedIds() + ")");
                continue;
            }
            problems.addAll(signer.get().problems(name, channel, secrets));
        }
        return problems;
    }
}
