package io.herald.signer;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.signer.clock.SigningClock;
import io.herald.signer.dingtalk.DingTalkSigner;
import io.herald.contract.secret.SecretResolver;
import io.herald.signer.signing.CatalogCheck;
import io.herald.signer.signing.ProviderSigners;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires signing: the signing clock, the secret resolver and the provider signers. Adding a provider means
 * a package {@code io.herald.signer.<provider>} and one line in {@link #providerSigners}.
 */
@Configuration(proxyBeanMethods = false)
public class SignerConfiguration {

    /** Host clock in UTC until the trusted clock (SNTP + provider Date headers) provides its own bean. */
    @Bean
    @ConditionalOnMissingBean
    SigningClock signingClock() {
        return SigningClock.of(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    SecretResolver secretResolver() {
        return SecretResolver.fromSystemEnvironment();
    }

    /** The one registration point of provider signers; also checks at start-up that every channel is signable. */
    @Bean
    ProviderSigners providerSigners(SecretResolver secrets, ChannelCatalog catalog) {
        ProviderSigners signers = ProviderSigners.of(
                new DingTalkSigner(secrets));
        CatalogCheck.requireSignable(catalog, signers, secrets);
        return signers;
    }
}
