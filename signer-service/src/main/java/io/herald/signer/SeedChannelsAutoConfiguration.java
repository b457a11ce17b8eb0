package io.herald.signer;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The seed file alone as the signer's {@link ChannelDirectory}, only when no other one is configured (the live one
 * that follows {@code herald.channels}, from the schemas module, wins). An auto-configuration ordered last, so that
 * the condition is evaluated after every other auto-configuration has registered its beans.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
class SeedChannelsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChannelDirectory.class)
    ChannelDirectory seedChannels(ChannelCatalog catalog) {
        return ChannelDirectory.fixed(catalog);
    }
}
