package io.herald.signer;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.signer.clock.ClockMetrics;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.secrets.ChannelCredentials;
import io.herald.signer.secrets.ChannelSecrets;
import io.herald.signer.secrets.ChannelSecretsProperties;
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
 * Wires signing: the channel credentials (references and sealed secrets), the provider signers, the one signing code path ({@link RequestSigning}) with
 * the trusted clock and the credential sealer. Provider signers come from the provider plug-ins.
 */
@Configuration(proxyBeanMethods = false)
class SignerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignerConfiguration.class);

    /** The channel-secrets keys; the signer starts without them (secrets are then references only). */
    @Bean
    ChannelSecrets channelSecrets(ChannelSecretsProperties properties) {
        ChannelSecrets secrets = ChannelSecrets.from(properties, SecretResolver.fromSystemEnvironment());
        if (secrets.canSeal()) {
            log.info(
                    "Channel secrets: submitted secrets are sealed with key '{}' (keys {})",
                    secrets.activeKey().orElseThrow(),
                    properties.keys().keySet());
        } else {
            log.info("No channel-secrets active key (herald.signer.channel-secrets.active-key): secrets cannot be "
                    + "submitted through the channel API; credential references (env:, file:) work as always");
        }
        return secrets;
    }

    /** Credentials for the provider signers: references, and the sealed secrets of a channel while it is signed. */
    @Bean
    @ConditionalOnMissingBean
    ChannelCredentials channelCredentials(ChannelSecrets secrets) {
        return new ChannelCredentials(secrets, System::getenv);
    }

    /** The signer of every provider plug-in; also checks at start-up that every seed channel is signable. */
    @Bean
    ProviderSigners providerSigners(ChannelCredentials credentials, ChannelCatalog catalog) {
        ProviderSigners signers = new ProviderSigners(ProviderPlugin.all().stream()
                .map(plugin -> plugin.signer(credentials.resolver()))
                .toList());
        CatalogCheck.requireSignable(catalog, signers, credentials.resolver());
        return signers;
    }

    @Bean
    RequestSigning requestSigning(
            ChannelDirectory directory,
            ProviderSigners signers,
            ChannelCredentials credentials,
            TrustedClock clock,
            ObjectProvider<CredentialSealer> sealer,
            SigningHealthIndicator health,
            ClockMetrics metrics) {
        Optional<CredentialSealer> credentialSealer = Optional.ofNullable(sealer.getIfAvailable());
        if (credentialSealer.isEmpty()) {
            log.warn("No credential sealing key (herald.sealing.active-key is not set): credentials in signed requests "
                    + "on Kafka (URL tokens, Authorization headers) are NOT encrypted");
        }
        // a deleted channel is no signing problem: its health entry (if any) goes with it
        directory.onChange(entry -> {
            if (entry.deleted()) {
                health.forget(entry.name());
            }
        });
        return new RequestSigning(directory, signers, credentials, clock, credentialSealer, health, metrics);
    }

    @Bean
    DeliverySigner deliverySigner(RequestSigning signing, SignedDeliveryPublisher publisher) {
        return new DeliverySigner(signing, publisher);
    }
}
