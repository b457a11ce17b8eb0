package io.herald.signer.signing;

import io.herald.contract.Provider;
import io.herald.contract.channel.Channel;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.HttpCall;
import java.time.Instant;
import java.util.List;

/**
 * Builds the exact HTTP request one provider expects, signed at a given instant. One implementation per
 * provider, each in its own package, registered in {@link io.herald.signer.SignerConfiguration#providerSigners}.
 *
 * <p>Implementations resolve credentials on each call (so rotation works), throw
 * {@link UnsignableNotificationException} for a notification the provider can never take, and any other
 * exception for a failure that may go away (a missing secret file): that record is retried.
 */
public interface ProviderSigner {

    Provider provider();

    /** Credential keys every channel of this provider must give, e.g. {@code access-token} and {@code secret}. */
    List<String> requiredCredentials();

    /**
     * The request to send for {@code notification} on {@code channel}, signed with {@code now}.
     *
     * @param now the trusted instant, already truncated to milliseconds; stamp exactly this into the request
     */
    HttpCall sign(AcceptedNotification notification, Channel channel, Instant now);
}
