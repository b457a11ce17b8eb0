package io.herald.contract.sealing;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys that encrypt the credential-bearing parts of signed requests on Kafka ({@code herald.sealing.*}).
 *
 * @param keys key id to a reference ({@code env:VARIABLE} or {@code file:/path}) holding a Base64 AES key of
 *     16, 24 or 32 bytes; keep old ids while records sealed with them may still be in flight
 * @param activeKey the key id new records are sealed with; sealing is off when blank
 */
@ConfigurationProperties("herald.sealing")
record SealingProperties(@DefaultValue Map<String, String> keys, String activeKey) {

    public boolean enabled() {
        return activeKey != null && !activeKey.isBlank();
    }
}
