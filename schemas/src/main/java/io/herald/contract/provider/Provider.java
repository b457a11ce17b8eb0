package io.herald.contract.provider;

import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every service may know of a provider: its id, what it takes, its limits. Providers are plug-ins, each in
 * its own package {@code io.herald.provider.<name>}, found through {@link java.util.ServiceLoader} (the one
 * registration: {@code META-INF/services/io.herald.contract.provider.Provider} of the providers module).
 */
public interface Provider {

    /** What a provider takes: chat messages (robots, webhooks) or signed API calls. */
    enum Kind {
        CHAT,
        API
    }

    /** Names the provider in the channel catalog, in events and in its signed topic {@code herald.signed.<id>}. */
    String id();

    Kind kind();

    /** Largest message the provider takes, used when the channel sets no limit of its own. */
    int defaultMaxMessageBytes();

    /** How far a signature's timestamp may be from the provider's clock; zero when nothing is time-stamped. */
    Duration signatureWindow();

    /** Sends per minute the provider publishes as its limit for one channel; 0 when it publishes none. */
    default int publishedRatePerMinute() {
        return 0;
    }

    /**
     * True when the provider checks a signature made with each of several secrets of this credential (Standard
     * Webhooks: one {@code v1,} signature per secret), so that during a rotation the signer signs with every secret
     * submitted for it; otherwise the signer signs with the newest one alone.
     */
    default boolean signsWithEverySecret(String credential) {
        return false;
    }

    /** The provider's own rules for a chat message, beyond the shared ones (text present, size). */
    default List<ContentProblem> problems(ChatMessage message) {
        return List.of();
    }

    /** The provider's own rules for an API call, beyond the shared ones (method, path, JSON body). */
    default List<ContentProblem> problems(ApiCall call) {
        return List.of();
    }

    static Optional<Provider> byId(String id) {
        return ProviderRegistry.byId(id);
    }

    /** The provider with this id; for ids known to be valid (the catalog checked them). */
    static Provider of(String id) {
        return byId(id).orElseThrow(
                        () -> new IllegalArgumentException("unknown provider '" + id + "'; known: " + knownIds()));
    }

    /** Every registered provider, in registration order. */
    static List<Provider> all() {
        return ProviderRegistry.all();
    }

    static String knownIds() {
        return String.join(", ", all().stream().map(Provider::id).toList());
    }
}
