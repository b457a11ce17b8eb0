package io.herald.contract.secret;

/**
 * A credential reference could not be resolved. The message names the property (e.g.
 * {@code herald.channels.ops.credentials.secret}) and the reason, never the value.
 */
public class SecretUnavailableException extends RuntimeException {

    private final String property;

    public SecretUnavailableException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
    }

    /** The configuration property whose reference failed, e.g. {@code herald.channels.ops.credentials.secret}. */
    public String property() {
        return property;
    }
}
