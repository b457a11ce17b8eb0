package io.herald.audit.channels;

import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit's credential for the signer's sealing door (a token with role SERVICE), read from its reference in
 * {@value #PROPERTY} at every call, so a rotated token file applies without a restart. Messages name the property and
 * the reason, never the value.
 */
final class SignerToken {

    static final String PROPERTY = "herald.audit.signer-token";

    private static final Logger log = LoggerFactory.getLogger(SignerToken.class);

    private final String reference;
    private final SecretResolver secrets;

    /** @param reference {@code env:VARIABLE} or {@code file:/path}; null when none is configured */
    SignerToken(String reference, SecretResolver secrets) {
        this.reference = reference;
        this.secrets = secrets;
        if (reference == null) {
            log.warn(
                    "{} is not set: the signer refuses to seal secrets submitted through the channel API (they are"
                            + " answered 502); give a SERVICE token of the signer, env:VARIABLE or file:/path",
                    PROPERTY);
            return;
        }
        try {
            value();
        } catch (SecretUnavailableException e) {
            log.warn("The credential for the signer cannot be used yet: {}", e.getMessage());
        }
    }

    boolean configured() {
        return reference != null;
    }

    /** @throws SecretUnavailableException naming {@value #PROPERTY} and why it cannot be resolved */
    String value() {
        return secrets.resolve(PROPERTY, reference);
    }
}
