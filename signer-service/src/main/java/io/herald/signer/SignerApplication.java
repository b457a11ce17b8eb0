package io.herald.signer;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.signer.secrets.ChannelSecretsProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Herald's signer: consumes {@code herald.accepted} and due {@code herald.retry.<tier>} records, signs each
 * for its channel's provider with the signing clock, and writes {@code herald.signed.<provider>}.
 */
@SpringBootApplication
@EnableConfigurationProperties({ChannelCatalog.class, SignerProperties.class, ChannelSecretsProperties.class})
public class SignerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SignerApplication.class, args);
    }
}
