package io.herald.contract.channel;

import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelSecret;
import io.herald.schema.ChannelState;
import io.herald.schema.SealedSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Channel definitions as the audit service writes them to herald.channels, for tests. */
final class Definitions {

    private Definitions() {}

    static ChannelDefinition.Builder webhook(String name, long version) {
        return ChannelDefinition.newBuilder()
                .setName(name)
                .setTenant(null)
                .setState(ChannelState.ACTIVE)
                .setProvider("webhook")
                .setEndpoint("https://hooks.example.com/" + name)
                .setCredentials(Map.of("secret", "env:HOOK_SECRET"))
                .setSecrets(Map.of())
                .setMaxMessageBytes(null)
                .setRatePerMinute(null)
                .setMaxAttempts(null)
                .setMaxAgeMillis(null)
                .setOrigin(ChannelOrigin.API)
                .setVersion(version)
                .setChangedBy("ops")
                .setChangedAt(Instant.parse("2026-12-01T10:00:00Z"));
    }

    static ChannelSecret secret(String id) {
        return ChannelSecret.newBuilder()
                .setId(id)
                .setSealed(SealedSecrets.newBuilder()
                        .setKeyId("channels-1")
                        .setNonce(ByteBuffer.wrap(new byte[12]))
                        .setCiphertext(ByteBuffer.wrap(("sealed-" + id).getBytes(StandardCharsets.UTF_8)))
                        .build())
                .setAddedBy("ops")
                .setAddedAt(Instant.parse("2026-12-01T10:00:00Z"))
                .build();
    }

    static Map<String, List<ChannelSecret>> secrets(String credential, String... ids) {
        return Map.of(
                credential,
                java.util.Arrays.stream(ids).map(Definitions::secret).toList());
    }
}
