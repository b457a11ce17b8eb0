package io.herald.dispatcher.resign;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's credential for the signer's re-sign door (a token with role SERVICE), read from its reference in
 * {@value #PROPERTY} at every re-sign call: {@link SecretResolver} re-reads a file only when it changed, so a rotated
 * token is sent from the next call on, without a restart. The value only ever goes into the request's
 * {@code Authorization} header; messages name the property and the reason, never the value.
 */
final class SignerToken {

    static final String PROPERTY = "herald.dispatcher.signer-token";

    private static final Logger log = LoggerFactory.getLogger(SignerToken.class);

    private final String reference;
    private final SecretResolver secrets;

    /** @param reference {@code env:VARIABLE} or {@code file:/path}; null when none is configured */
    SignerToken(String reference, SecretResolver secrets) {
        this.reference = reference;
        this.secrets = secrets;
        if (reference == null) {
            log.warn(
                    "{} is not set: re-sign calls to the signer carry no credential and the signer refuses them (401);"
                            + " requests too close to their provider's window are then parked for the retry path. Give it a"
                            + " SERVICE token of the signer, env:VARIABLE or file:/path",
                    PROPERTY);
            return;
        }
        try {
            value();
        } catch (SecretUnavailableException e) {
            // the message names the property and the reason, never a value
            log.warn("The credential for the signer cannot be used yet: {}", e.getMessage());
        }
    }

    boolean configured() {
        return reference != null;
    }

    /**
     * The token as it is now.
     *
     * @throws SecretUnavailableException naming {@value #PROPERTY} and why it cannot be resolved
     */
    String value() {
        return secrets.resolve(PROPERTY, reference);
    }
}
