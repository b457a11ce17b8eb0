package io.herald.signer;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.signer.clock.ClockMetrics;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.signing.CatalogCheck;
import io.herald.signer.signing.DeliverySigner;
import io.herald.signer.signing.ProviderSigners;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SignedDeliveryPublisher;
import io.herald.signer.signing.SigningHealthIndicator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires signing: the secret resolver, the provider signers, the one signing code path ({@link RequestSigning}) with
 * the trusted clock and the credential sealer. Provider signers come from the provider plug-ins.
 */
@Configuration(proxyBeanMethods = false)
class SignerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignerConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SecretResolver secretResolver() {
        return SecretResolver.fromSystemEnvironment();
    }

    /** The signer of every provider plug-in; also checks at start-up that every channel is signable. */
    @Bean
    ProviderSigners providerSigners(SecretResolver secrets, ChannelCatalog catalog) {
        ProviderSigners signers = new ProviderSigners(ProviderPlugin.all().stream()
                .map(plugin -> plugin.signer(secrets))
                .toList());
        CatalogCheck.requireSignable(catalog, signers, secrets);
        return signers;
    }

    @Bean
    RequestSigning requestSigning(
            ChannelCatalog catalog,
            ProviderSigners signers,
            TrustedClock clock,
            ObjectProvider<CredentialSealer> sealer,
            SigningHealthIndicator health,
            ClockMetrics metrics) {
        Optional<CredentialSealer> credentialSealer = Optional.ofNullable(sealer.getIfAvailable());
        if (credentialSealer.isEmpty()) {
            log.warn("No credential sealing key (herald.sealing.active-key is not set): credentials in signed requests "
                    + "on Kafka (URL tokens, Authorization headers) are NOT encrypted");
        }
        return new RequestSigning(catalog, signers, clock, credentialSealer, health, metrics);
    }

    @Bean
    DeliverySigner deliverySigner(RequestSigning signing, SignedDeliveryPublisher publisher) {
        return new DeliverySigner(signing, publisher);
    }
}
