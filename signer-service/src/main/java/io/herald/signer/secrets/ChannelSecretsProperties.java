package io.herald.signer.secrets;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys that seal the secrets submitted through the channel API ({@code herald.signer.channel-secrets.*}); only the
 * signer holds them, apart from the keys that seal signed requests on Kafka ({@code herald.sealing.*}).
 *
 * @param keys key id to a reference ({@code env:VARIABLE} or {@code file:/path}) holding a Base64 AES key of 16, 24 or
 *     32 bytes; keep an old id while channels hold secrets sealed with it
 * @param activeKey the key id new secrets are sealed with; blank: no secret can be submitted (the signer still opens
 *     secrets sealed with the keys above)
 */
@ConfigurationProperties("herald.signer.channel-secrets")
public record ChannelSecretsProperties(@DefaultValue Map<String, String> keys, String activeKey) {

    static final String PREFIX = "herald.signer.channel-secrets";
}
