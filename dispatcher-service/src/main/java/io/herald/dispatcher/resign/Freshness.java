package io.herald.dispatcher.resign;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether a signed request is still fresh enough to send: it is not when {@code now + margin} is
 * past its {@code notAfter}, because it could expire on the way or, worse, be judged by a provider whose
 * clock runs a little ahead. The margin is per provider: {@code herald.dispatcher.resign-margin.<provider>},
 * by default 10% of the provider's signature window and at least 30 s; zero for providers that time-stamp
 * nothing (a zero window), whose requests never go stale.
 */
public class Freshness {

    static final Duration MIN_MARGIN = Duration.ofSeconds(30);

    private final Map<Provider, Duration> margins = new HashMap<>();

    public Freshness(Map<Provider, Duration> configured) {
        for (Provider provider : Provider.all()) {
            margins.put(provider, configured.getOrDefault(provider, defaultMargin(provider)));
        }
    }

    public static Duration defaultMargin(Provider provider) {
        Duration window = provider.signatureWindow();
        if (window.isZero()) {
            return Duration.ZERO;
        }
        Duration tenth = window.dividedBy(10);
        return tenth.compareTo(MIN_MARGIN) < 0 ? MIN_MARGIN : tenth;
    }

    public Duration margin(Provider provider) {
        return margins.get(provider);
    }

    /** True when the request must be re-signed rather than sent. */
    public boolean isStale(Provider provider, Instant notAfter, Instant now) {
        return now.plus(margins.get(provider)).isAfter(notAfter);
    }
}
