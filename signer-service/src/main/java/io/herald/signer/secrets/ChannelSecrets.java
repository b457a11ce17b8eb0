package io.herald.signer.secrets;

import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.sealing.SealingException;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.schema.ChannelSecret;
import io.herald.schema.SealedSecrets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seals and opens the secrets submitted through the channel API with the channel-secrets keys, which only the signer
 * holds. The associated data ({@code herald.channels/<channel>/<credential>}) binds a sealed secret to its channel and
 * credential: moved anywhere else, it does not open. Without keys nothing is sealed and nothing sealed opens.
 */
public final class ChannelSecrets {

    /** The one entry of a sealed secret's map. */
    public static final String VALUE = "value";

    private final Optional<CredentialSealer> sealer;
    private final Set<String> keyIds;
    private final String activeKey;

    public ChannelSecrets(Map<String, byte[]> keys, String activeKey) {
        String active = activeKey == null || activeKey.isBlank() ? null : activeKey.strip();
        keys.forEach((id, key) -> {
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException(ChannelSecretsProperties.PREFIX + ".keys." + id
                        + ": an AES key is 16, 24 or 32 bytes, this one is " + key.length);
            }
        });
        if (active != null && !keys.containsKey(active)) {
            throw new IllegalArgumentException(ChannelSecretsProperties.PREFIX + ".active-key: '" + active
                    + "' is not one of the configured " + ChannelSecretsProperties.PREFIX + ".keys " + keys.keySet());
        }
        this.keyIds = Collections.unmodifiableSet(new TreeSet<>(keys.keySet()));
        this.activeKey = active;
        // without an active key the sealer still opens: it is given any id, and seal() refuses before using it
        this.sealer = keys.isEmpty()
                ? Optional.empty()
                : Optional.of(new CredentialSealer(
                        keys, active != null ? active : keys.keySet().iterator().next()));
    }

    /** No keys: the signer signs with references only. */
    public static ChannelSecrets none() {
        return new ChannelSecrets(Map.of(), null);
    }

    /** The keys the properties describe, read through {@code resolver}; a bad key fails the start, naming it. */
    public static ChannelSecrets from(ChannelSecretsProperties properties, SecretResolver resolver) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        properties.keys().forEach((id, reference) -> {
            String property = ChannelSecretsProperties.PREFIX + ".keys." + id;
            String encoded = resolver.resolve(property, reference);
            try {
                keys.put(id, Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": the key is not valid Base64");
            }
        });
        return new ChannelSecrets(keys, properties.activeKey());
    }

    /** The associated data of a channel's credential: a secret sealed for it opens for it alone. */
    public static String associatedData(String channel, String credential) {
        return "herald.channels/" + channel + "/" + credential;
    }

    /** Whether secrets can be sealed here (an active key is configured). */
    public boolean canSeal() {
        return activeKey != null;
    }

    /** The key new secrets are sealed with, when there is one. */
    public Optional<String> activeKey() {
        return Optional.ofNullable(activeKey);
    }

    /** Seals {@code value} for one credential of one channel; call only when {@link #canSeal()}. */
    public SealedSecrets seal(String channel, String credential, String value) {
        if (!canSeal()) {
            throw new IllegalStateException(ChannelSecretsProperties.PREFIX + ".active-key is not set");
        }
        return sealer.orElseThrow().seal(Map.of(VALUE, value), associatedData(channel, credential));
    }

    /**
     * The value of a sealed secret of {@code credential} of {@code channel}.
     *
     * @throws SecretUnavailableException naming the channel, the credential, the secret's id and its key id (never a
     *     value) when it cannot be opened
     */
    public String open(String channel, String credential, ChannelSecret secret) {
        String property = SecretResolver.property(channel, credential);
        String keyId = secret.getSealed().getKeyId();
        String which = "sealed secret " + secret.getId() + " (key '" + keyId + "')";
        if (sealer.isEmpty()) {
            throw new SecretUnavailableException(
                    property,
                    which + " cannot be opened: this signer has no channel-secrets key ("
                            + ChannelSecretsProperties.PREFIX + ".keys)");
        }
        if (!keyIds.contains(keyId)) {
            throw new SecretUnavailableException(
                    property,
                    which + " cannot be opened: this signer does not hold that key (" + ChannelSecretsProperties.PREFIX
                            + ".keys: " + keyIds + ")");
        }
        Map<String, String> opened;
        try {
            opened = sealer.get().unseal(secret.getSealed(), associatedData(channel, credential));
        } catch (SealingException e) {
            // not e's message: it names a Java class
            throw new SecretUnavailableException(
                    property,
                    which + " cannot be opened: the key under that id is another one, or the secret was sealed for"
                            + " another channel or credential");
        }
        String value = opened.get(VALUE);
        if (value == null || value.isBlank()) {
            throw new SecretUnavailableException(property, which + " holds no value");
        }
        return value;
    }
}
