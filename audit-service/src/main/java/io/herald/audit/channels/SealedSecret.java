package io.herald.audit.channels;

import io.herald.schema.ChannelSecret;
import io.herald.schema.SealedSecrets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;

/**
 * A secret submitted through the API as the signer sealed it (only the signer can open it), with who added it when.
 *
 * @param id stable within its credential: s1, s2, ... (never reused, never derived from the value)
 * @param nonce Base64
 * @param ciphertext Base64
 */
record SealedSecret(String id, String keyId, String nonce, String ciphertext, String addedBy, Instant addedAt) {

    ChannelSecret toAvro() {
        return ChannelSecret.newBuilder()
                .setId(id)
                .setSealed(new SealedSecrets(
                        keyId,
                        ByteBuffer.wrap(Base64.getDecoder().decode(nonce)),
                        ByteBuffer.wrap(Base64.getDecoder().decode(ciphertext))))
                .setAddedBy(addedBy)
                .setAddedAt(addedAt)
                .build();
    }

    /** The number of an id {@code s<n>}; 0 for any other. */
    int number() {
        try {
            return id.startsWith("s") ? Integer.parseInt(id.substring(1)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
