package io.herald.provider.spi;

import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider as a plug-in: its facts ({@link Provider}) and the parts each service takes from it. The signer takes
 * {@link #signer} (and gives it the credentials), the dispatcher {@link #classifier}, the provider sandbox
 * {@link #sandboxVerifier}. One implementation per provider, in {@code io.herald.provider.<name>}, listed in
 * {@code META-INF/services/io.herald.contract.provider.Provider}.
 */
public interface ProviderPlugin extends Provider {

    ProviderSigner signer(SecretResolver secrets);

    OutcomeClassifier classifier();

    /** The provider's stand-in for tests and local runs; its own code, sharing nothing with {@link #signer}. */
    SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json);

    /** The plug-in of a registered provider. */
    static ProviderPlugin of(Provider provider) {
        if (provider instanceof ProviderPlugin plugin) {
            return plugin;
        }
        throw new IllegalArgumentException("provider '" + provider.id() + "' is not a plug-in");
    }

    static List<ProviderPlugin> all() {
        return Provider.all().stream().map(ProviderPlugin::of).toList();
    }
}
