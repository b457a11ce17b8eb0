package io.herald.dispatcher.sealing;

import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.sealing.SealingException;
import io.herald.schema.HttpCall;
import io.herald.schema.SealedSecrets;
import io.herald.schema.SignedDelivery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a signed request as it travels on Kafka (URL and secret headers masked, the real ones sealed) into
 * the request to send. The associated data is {@code notificationId:attempt}, as the signer sealed it, so a
 * sealed part moved onto another record does not open. A request without {@code sealed} is sent as is.
 *
 * <p>Failures name the key id and the reason, never any content: they end up on the attempt and the dead
 * letter.
 */
public class Unsealer {

    private final CredentialSealer sealer;

    /** @param sealer the configured sealer, or {@code null} when {@code herald.sealing.active-key} is not set */
    public Unsealer(CredentialSealer sealer) {
        this.sealer = sealer;
    }

    public HttpCall open(SignedDelivery signed) throws UnsealException {
        HttpCall request = signed.getRequest();
        SealedSecrets sealed = request.getSealed();
        if (sealed == null) {
            return request;
        }
        if (sealer == null) {
            throw new UnsealException(
                    "request sealed with key '" + sealed.getKeyId()
                            + "', but this dispatcher holds no sealing key (set herald.sealing.keys and herald.sealing.active-key)");
        }
        Map<String, String> secrets;
        try {
            secrets = sealer.unseal(sealed, associatedData(signed));
        } catch (SealingException e) {
            throw new UnsealException(e.getMessage());
        }
        Map<String, String> headers = request.getHeaders();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String name = secret.getKey();
            if (name.startsWith(CredentialSealer.HEADER_PREFIX)) {
                // copied only when a header is sealed: most requests seal the URL alone
                if (headers == request.getHeaders()) {
                    headers = new LinkedHashMap<>(headers);
                }
                String header = name.substring(CredentialSealer.HEADER_PREFIX.length());
                headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header));
                headers.put(header, secret.getValue());
            }
        }
        // the constructor, not the builder: every field is set here, and the builder's validation and field flags are
        // work for every send (the record is the same)
        return new HttpCall(
                request.getMethod(),
                secrets.getOrDefault(CredentialSealer.URL, request.getUrl()),
                headers,
                request.getBody(),
                null);
    }

    /** What the signer binds a sealed part to: {@code notificationId + ":" + attempt}. */
    public static String associatedData(SignedDelivery signed) {
        return signed.getNotification().getNotificationId() + ":" + signed.getAttempt();
    }

    /** The sealed part cannot be opened; the message names the key id, never content. */
    public static class UnsealException extends Exception {
        public UnsealException(String message) {
            super(message);
        }
    }
}
