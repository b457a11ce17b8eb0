package io.herald.contract.sealing;

import io.herald.contract.secret.SecretResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A {@link CredentialSealer} in every service that sets {@code herald.sealing.active-key}. */
@AutoConfiguration
@EnableConfigurationProperties(SealingProperties.class)
public class HeraldSealingAutoConfiguration {

    @Bean
    @ConditionalOnProperty("herald.sealing.active-key")
    @ConditionalOnMissingBean
    CredentialSealer credentialSealer(SealingProperties properties) {
        return CredentialSealer.from(properties, SecretResolver.fromSystemEnvironment());
    }
}
