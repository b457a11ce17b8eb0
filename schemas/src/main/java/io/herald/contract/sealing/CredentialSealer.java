package io.herald.contract.sealing;

import io.herald.contract.secret.SecretResolver;
import io.herald.schema.SealedSecrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the credential-bearing parts of a signed request (the real URL with its token and signature, secret
 * headers such as {@code Authorization}) with AES-GCM, so a dump of {@code herald.signed.*} reveals no credential.
 * Only the signer (which seals) and the dispatchers (which open) hold the keys.
 *
 * <p>The associated data binds a sealed value to its record (notification id and attempt), so it cannot be
 * moved to another record. Several keys may be configured for rotation: records are sealed with the active key
 * and opened with whichever key id they name.
 */
public final class CredentialSealer {

    /** The secrets entry holding the full URL. */
    public static final String URL = "url";
    /** Prefix of the secrets entries holding header values, e.g. {@code header:Authorization}. */
    public static final String HEADER_PREFIX = "header:";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();
    // Cipher.getInstance looks the algorithm up among the security providers on every call: ~7 % of the dispatcher's
    // CPU at 2,000 requests/s (docs/performance-history.md, third pass). A Cipher is not thread-safe but is reusable:
    // every use
    // takes one from here (or makes one), initialises it with its own key and nonce, and puts it back.
    private final Queue<Cipher> idleCiphers = new ConcurrentLinkedQueue<>();

    public CredentialSealer(Map<String, byte[]> keys, String activeKeyId) {
        Map<String, SecretKey> specs = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException(
                        "herald.sealing.keys." + id + ": an AES key is 16, 24 or 32 bytes, this one is " + key.length);
            }
            specs.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!specs.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("herald.sealing.active-key: '" + activeKeyId
                    + "' is not one of the configured herald.sealing.keys " + specs.keySet());
        }
        this.keys = Map.copyOf(specs);
        this.activeKeyId = activeKeyId;
    }

    /** The sealer the properties describe, its keys read through {@code resolver}. */
    public static CredentialSealer from(SealingProperties properties, SecretResolver resolver) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        properties.keys().forEach((id, reference) -> {
            String property = "herald.sealing.keys." + id;
            try {
                keys.put(id, Base64.getDecoder().decode(resolver.resolve(property, reference)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": the key is not valid Base64");
            }
        });
        return new CredentialSealer(keys, properties.activeKey());
    }

    public SealedSecrets seal(Map<String, String> secrets, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = null;
        try {
            cipher = borrowCipher();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(encode(secrets));
            return new SealedSecrets(activeKeyId, ByteBuffer.wrap(nonce), ByteBuffer.wrap(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new SealingException(
                    "cannot seal with key " + activeKeyId + ": " + e.getClass().getSimpleName(), e);
        } finally {
            giveBack(cipher);
        }
    }

    public Map<String, String> unseal(SealedSecrets sealed, String associatedData) {
        SecretKey key = keys.get(sealed.getKeyId());
        if (key == null) {
            throw new SealingException("sealed with key '" + sealed.getKeyId() + "', which this service does not hold "
                    + "(configured: " + keys.keySet() + ")");
        }
        Cipher cipher = null;
        try {
            cipher = borrowCipher();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes(sealed.getNonce())));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return decode(cipher.doFinal(bytes(sealed.getCiphertext())));
        } catch (GeneralSecurityException e) {
            throw new SealingException(
                    "cannot open secrets sealed with key '" + sealed.getKeyId() + "': wrong key or tampered record ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        } finally {
            giveBack(cipher);
        }
    }

    private Cipher borrowCipher() throws GeneralSecurityException {
        Cipher cipher = idleCiphers.poll();
        return cipher != null ? cipher : Cipher.getInstance("AES/GCM/NoPadding");
    }

    /** Every use starts with {@code init}, which resets whatever the last use (even a failed one) left behind. */
    private void giveBack(Cipher cipher) {
        if (cipher != null) {
            idleCiphers.offer(cipher);
        }
    }

    private static byte[] encode(Map<String, String> secrets) {
        try (ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(secrets.size());
            for (Map.Entry<String, String> entry : secrets.entrySet()) {
                writeString(out, entry.getKey());
                writeString(out, entry.getValue());
            }
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> decode(byte[] plaintext) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int size = in.readInt();
            Map<String, String> secrets = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                secrets.put(readString(in), readString(in));
            }
            return secrets;
        } catch (IOException e) {
            throw new SealingException("sealed secrets are malformed", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
