package io.herald.contract.sealing;

/** Sealed secrets that cannot be opened; the message names the key id and the reason, never any content. */
public class SealingException extends RuntimeException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
