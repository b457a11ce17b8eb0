package io.herald.signer.dispatchers;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.dispatchers.DispatcherLookup;
import io.herald.contract.dispatchers.DispatcherLookup.Presence;
import io.herald.contract.dispatchers.PeriodicCheck;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether some dispatcher consumes {@code herald.signed.<provider>} for every provider that has a channel: a
 * provider no running dispatcher serves leaves its signed requests waiting with nothing else saying so. Asks the
 * broker through {@link DispatcherLookup}; writes the {@code dispatchers} health component, the gauges
 * {@value #UNSERVED_METER} and {@value #WAITING_METER} per provider, and a WARN line when a provider becomes unserved.
 */
class DispatcherPresence extends PeriodicCheck {

    static final String UNSERVED_METER = "herald.signer.provider.unserved";
    static final String WAITING_METER = "herald.signer.provider.waiting";

    private static final Logger log = LoggerFactory.getLogger(DispatcherPresence.class);

    /** The last answer: per provider, or why there is none. */
    record State(Instant checkedAt, Map<Provider, Presence> presence, String failure) {}

    private final ChannelDirectory directory;
    private final DispatcherLookup lookup;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<Provider> metered = ConcurrentHashMap.newKeySet();
    private final Map<Provider, Presence> last = new ConcurrentHashMap<>();
    private volatile State state;

    public DispatcherPresence(
            ChannelDirectory directory, DispatcherLookup lookup, Duration interval, Clock clock, MeterRegistry meters) {
        super("herald-signer-dispatcher-presence", interval);
        this.directory = directory;
        this.lookup = lookup;
        this.clock = clock;
        this.meters = meters;
        providers().forEach(this::meter);
    }

    /** The providers with a channel now, in {@link Provider#all()} order: channels come and go on herald.channels. */
    List<Provider> providers() {
        Set<Provider> used = directory.channels().values().stream()
                .map(Channel::provider)
                .flatMap(id -> Provider.byId(id).stream())
                .collect(Collectors.toSet());
        return Provider.all().stream().filter(used::contains).toList();
    }

    private void meter(Provider provider) {
        if (!metered.add(provider)) {
            return;
        }
        Gauge.builder(UNSERVED_METER, () -> unserved(provider) ? 1 : 0)
                .description("1 when no dispatcher consumes the provider's signed topic")
                .tag("provider", provider.id())
                .register(meters);
        Gauge.builder(
                        WAITING_METER,
                        () -> last.containsKey(provider) ? last.get(provider).waiting() : 0)
                .description("Signed requests of the provider not yet consumed by its dispatchers")
                .tag("provider", provider.id())
                .register(meters);
    }

    /** Asks the broker once and remembers the answer. */
    @Override
    protected void check() {
        List<Provider> providers = providers();
        providers.forEach(this::meter);
        // a provider whose last channel went away is no longer reported (its gauges read 0)
        last.keySet().retainAll(providers);
        Map<Provider, Presence> presence;
        try {
            presence = lookup.presence(providers);
        } catch (Exception e) {
            state = new State(clock.instant(), Map.copyOf(last), "the broker could not be asked: " + e.getMessage());
            return;
        }
        presence.forEach((provider, now) -> {
            Presence before = last.put(provider, now);
            boolean wasUnserved = before != null && before.members() == 0;
            if (now.members() == 0 && !wasUnserved) {
                log.warn(
                        "No dispatcher serves provider {}: consumer group {} has no members; {} signed requests wait on"
                                + " its topic",
                        provider.id(),
                        Topics.dispatcherGroup(provider),
                        now.waiting());
            } else if (now.members() > 0 && wasUnserved) {
                log.info("Provider {} is served again ({} dispatcher consumers)", provider.id(), now.members());
            }
        });
        state = new State(clock.instant(), Map.copyOf(last), null);
    }

    /** The last answer, or null before the first check. */
    State state() {
        return state;
    }

    boolean unserved(Provider provider) {
        Presence presence = last.get(provider);
        return presence != null && presence.members() == 0;
    }
}
