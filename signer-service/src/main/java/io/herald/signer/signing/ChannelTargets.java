package io.herald.signer.signing;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.signer.secrets.ChannelCredentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the channel a notification is signed for as the {@link ChannelDirectory} says now (looked up at every
 * signature: a changed endpoint or credential applies from the next one), or why it cannot be signed. A channel the
 * start-up check did not see (created or changed on {@code herald.channels}) gets that check once per version.
 */
final class ChannelTargets {

    /** What a look-up finds: a target or a refusal. */
    sealed interface Lookup permits Target, Refusal {}

    /** A channel to sign for, with its provider and that provider's signer. */
    record Target(ChannelEntry entry, Provider provider, ProviderSigner signer) implements Lookup {}

    /**
     * Why a notification is not signed.
     *
     * @param provider the channel's provider when known (a refusal is answered on its signed topic)
     * @param channel the channel when known, for the refusal's masked endpoint; null otherwise
     */
    record Refusal(
            RequestSigning.RefusalCause cause,
            String reason,
            boolean permanent,
            Optional<Provider> provider,
            Channel channel)
            implements Lookup {

        /** Whether the signer's health should name the channel: not for a channel disabled or deleted on purpose. */
        boolean healthProblem() {
            return cause == RequestSigning.RefusalCause.UNKNOWN_CHANNEL
                    || cause == RequestSigning.RefusalCause.UNSIGNABLE;
        }
    }

    private final ChannelDirectory directory;
    private final ProviderSigners signers;
    private final ChannelCredentials credentials;
    /** Channel name to the version that passed the check; seed channels (version 0) were checked at start-up. */
    private final Map<String, Long> checked = new ConcurrentHashMap<>();

    ChannelTargets(ChannelDirectory directory, ProviderSigners signers, ChannelCredentials credentials) {
        this.directory = directory;
        this.signers = signers;
        this.credentials = credentials;
    }

    /** The target, or why there is none; never throws for a channel's state. */
    Lookup find(String name) {
        Optional<ChannelEntry> found = name == null ? Optional.empty() : directory.entry(name);
        if (found.isEmpty()) {
            return new Refusal(
                    RequestSigning.RefusalCause.UNKNOWN_CHANNEL,
                    "herald.channels." + name + ": channel is not in this signer's channel catalog",
                    true,
                    Optional.empty(),
                    null);
        }
        ChannelEntry entry = found.get();
        Channel channel = entry.channel();
        Optional<Provider> provider = Provider.byId(channel.provider());
        if (entry.deleted()) {
            return new Refusal(
                    RequestSigning.RefusalCause.DELETED,
                    "channel '" + name + "' was deleted (" + change(entry) + ")",
                    true,
                    provider,
                    channel);
        }
        if (provider.isEmpty()) {
            return unsignable(
                    "herald.channels." + name + ".provider: '" + channel.provider() + "' is not one of "
                            + Provider.knownIds(),
                    provider,
                    channel);
        }
        Optional<ProviderSigner> signer = signers.forProvider(provider.get());
        if (signer.isEmpty()) {
            return unsignable(
                    "herald.channels." + name + ".provider: " + provider.get().id()
                            + " is not supported by this signer (supported: " + signers.supportedIds() + ")",
                    provider,
                    channel);
        }
        if (entry.disabled()) {
            // not permanent: the dispatcher parks it until the channel is enabled or the notification too old
            return new Refusal(
                    RequestSigning.RefusalCause.DISABLED,
                    "channel '" + name + "' is disabled (" + change(entry) + ")",
                    false,
                    provider,
                    channel);
        }
        if (entry.version() > 0 && !Long.valueOf(entry.version()).equals(checked.get(name))) {
            List<String> problems = problems(entry, provider.get(), signer.get());
            if (!problems.isEmpty()) {
                return unsignable(String.join("; ", problems), provider, channel);
            }
            checked.put(name, entry.version());
        }
        return new Target(entry, provider.get(), signer.get());
    }

    /** The start-up check's problems for this one channel, its sealed secrets opened. */
    private List<String> problems(ChannelEntry entry, Provider provider, ProviderSigner signer) {
        try {
            return credentials.signing(
                    entry, provider, channel -> signer.problems(entry.name(), channel, credentials.resolver()));
        } catch (SecretUnavailableException e) {
            return List.of(e.getMessage());
        }
    }

    /** Which change made the channel what it is, for people: {@code version 4}. */
    static String change(ChannelEntry entry) {
        // ChannelEntry carries no changedBy/changedAt (yet): the version names the change in the channel's history
        return "version " + entry.version();
    }

    private static Refusal unsignable(String reason, Optional<Provider> provider, Channel channel) {
        return new Refusal(RequestSigning.RefusalCause.UNSIGNABLE, reason, true, provider, channel);
    }
}
