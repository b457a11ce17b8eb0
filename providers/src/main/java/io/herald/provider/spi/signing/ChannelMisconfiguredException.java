package io.herald.provider.spi.signing;

/**
 * A channel cannot be signed as configured (e.g. a {@code whsec_} secret that is not Base64). The message names
 * the channel's property and the problem, never a secret. At start-up it stops the signer; at run time the request
 * is refused permanently (dead-lettered with this reason).
 */
public class ChannelMisconfiguredException extends RuntimeException {

    public ChannelMisconfiguredException(String message) {
        super(message);
    }
}
