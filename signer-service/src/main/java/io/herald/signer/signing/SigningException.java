package io.herald.signer.signing;

/**
 * A notification cannot be signed now, for a reason that may go away (an unknown channel after a catalog
 * change, an unusable clock). The record is retried with back-off. The message names the channel and
 * never contains a credential.
 */
public class SigningException extends RuntimeException {

    public SigningException(String message) {
        super(message);
    }
}
