package io.herald.provider.spi;

import java.time.Duration;

/**
 * The facts part of a {@link ProviderPlugin}, so a plug-in states them once in its constructor and implements only
 * what is its own: signer, classifier, content rules and sandbox verifier.
 */
public abstract class PluginFacts implements ProviderPlugin {

    private final String id;
    private final Kind kind;
    private final int defaultMaxMessageBytes;
    private final Duration signatureWindow;
    private final int publishedRatePerMinute;

    /**
     * @param signatureWindow how far a signature's time may be from the provider's clock; zero when none is stamped
     * @param publishedRatePerMinute sends per minute the provider publishes for one channel; 0 when it publishes none
     */
    protected PluginFacts(
            String id, Kind kind, int defaultMaxMessageBytes, Duration signatureWindow, int publishedRatePerMinute) {
        this.id = id;
        this.kind = kind;
        this.defaultMaxMessageBytes = defaultMaxMessageBytes;
        this.signatureWindow = signatureWindow;
        this.publishedRatePerMinute = publishedRatePerMinute;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    @Override
    public final int defaultMaxMessageBytes() {
        return defaultMaxMessageBytes;
    }

    @Override
    public final Duration signatureWindow() {
        return signatureWindow;
    }

    @Override
    public final int publishedRatePerMinute() {
        return publishedRatePerMinute;
    }

    @Override
    public String toString() {
        return id;
    }
}
