package io.herald.provider.spi.signing;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.schema.AcceptedNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the exact HTTP request one provider expects, signed at a given instant. One implementation per provider, made
 * by its {@link io.herald.provider.spi.ProviderPlugin#signer}; implementations resolve credentials on each call, so
 * rotation works.
 */
public interface ProviderSigner {

    Provider provider();

    /** Credential keys every channel of this provider must give, e.g. {@code access-token} and {@code secret}. */
    List<String> requiredCredentials();

    /**
     * Start-up check of one channel: every required credential resolves and is well-formed. One message per
     * problem, naming the property, never a value. The default resolves {@link #requiredCredentials()}.
     */
    default List<String> problems(String channelName, Channel channel, SecretResolver secrets) {
        List<String> problems = new ArrayList<>();
        for (String key : requiredCredentials()) {
            try {
                secrets.credential(channelName, channel, key);
            } catch (SecretUnavailableException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            try {
                sign(SigningSamples.probe(channelName, channel), channel, Instant.EPOCH);
            } catch (SecretUnavailableException | ChannelMisconfiguredException e) {
                problems.add(e.getMessage());
            } catch (RuntimeException e) {
                // content-related failures of the probe notification do not concern the channel
            }
        }
        return problems;
    }

    /**
     * The request to send for {@code notification} on {@code channel}, signed with {@code now}. Throws
     * {@link UnsignableNotificationException} for a notification the provider can never take,
     * {@link SecretUnavailableException} or {@link ChannelMisconfiguredException} for a channel that cannot be signed
     * (refused permanently, naming the property), anything else for a failure that may go away (retried).
     *
     * @param now the trusted instant, already truncated to milliseconds; stamp exactly this into the request
     */
    SignedRequest sign(AcceptedNotification notification, Channel channel, Instant now);
}
