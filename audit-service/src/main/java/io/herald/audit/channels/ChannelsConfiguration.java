package io.herald.audit.channels;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.secret.SecretResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the channel API's properties and the seed file ({@link ChannelCatalog}), and makes the signer's sealer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ChannelsProperties.class, SignerProperties.class, ChannelCatalog.class})
class ChannelsConfiguration {

    @Bean
    SecretSealer secretSealer(SignerProperties properties) {
        return new SecretSealer(properties, SecretResolver.fromSystemEnvironment());
    }
}
