package io.herald.dispatcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.transport.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The guards over channels that change while the dispatcher runs. */
class LiveChannelGuardsTest {

    private static final Provider WEBHOOK = Provider.of("webhook");
    private static final URI ENDPOINT = URI.create("https://hooks.example.com/in");
    private static final Target TARGET = Target.of(ENDPOINT.toString());

    private final Map<String, Integer> rates = new ConcurrentHashMap<>();
    private final Map<String, ChannelGuards.HeldBack> held = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ChannelGuards guards = new ChannelGuards(
            (provider, channel) -> rates.getOrDefault(channel, 0),
            held::get,
            Duration.ZERO,
            CircuitBreakerConfig.ofDefaults(),
            64,
            Clock.systemUTC(),
            meters);

    private ChannelGuards.Admission admit(String channel) {
        ChannelGuards.Admission admission = guards.admit(WEBHOOK, channel, TARGET);
        if (admission instanceof ChannelGuards.Admission.Go go) {
            go.permit().release();
        }
        return admission;
    }

    @Test
    void aChangedRateAppliesToTheNextRecord() {
        rates.put("ops", 1);
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Go.class);
        assertThat(admit("ops")).isInstanceOfSatisfying(ChannelGuards.Admission.Park.class, park -> {
            assertThat(park.cause()).isEqualTo("paced");
            assertThat(park.reason()).startsWith("channel ops's window (1 per minute) is full: waits for its slot at ");
            assertThat(park.delay()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        });
        // a paced park is a wait: counted as pacing, not as parked
        guards.countParksOf(List.of(WEBHOOK));
        assertThat(meters.find("herald.dispatcher.parked").counters())
                .extracting(c -> c.getId().getTag("cause") + "=" + c.count())
                .containsExactlyInAnyOrder(
                        "circuit_open=0.0", "host_busy=0.0", "channel_disabled=0.0", "channel_deleted=0.0");
        assertThat(meters.get("herald.dispatcher.paced")
                        .tags("provider", "webhook", "where", "parked")
                        .counter()
                        .count())
                .isEqualTo(1);

        rates.put("ops", 0); // the limit removed
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    @Test
    void aChannelThatChangedKeepsCountingTheSendsItMadeAtItsNewRate() {
        rates.put("ops", 1);
        admit("ops");
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Park.class);

        guards.forget("ops", ENDPOINT);

        // the send made a moment ago is still in the provider's window
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Park.class);
        rates.put("ops", 10);
        guards.forget("ops", ENDPOINT);
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    @Test
    void aChannelThatChangedIsTriedAgainAfterItsEndpointSaidGone() {
        guards.disable(TARGET, "answered 410 Gone");
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Refuse.class);

        guards.forget("ops", ENDPOINT);

        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    @Test
    void aHeldBackChannelIsParkedWithItsReasonAndCounted() {
        held.put("ops", new ChannelGuards.HeldBack("channel_disabled", "channel 'ops' is disabled (version 3)"));

        assertThat(admit("ops")).isInstanceOfSatisfying(ChannelGuards.Admission.Park.class, park -> {
            assertThat(park.cause()).isEqualTo("channel_disabled");
            assertThat(park.reason()).isEqualTo("channel 'ops' is disabled (version 3)");
            assertThat(park.delay()).isPositive();
        });
        assertThat(meters.get("herald.dispatcher.parked")
                        .tag("cause", "channel_disabled")
                        .counter()
                        .count())
                .isEqualTo(1);

        held.remove("ops"); // enabled again
        assertThat(admit("ops")).isInstanceOf(ChannelGuards.Admission.Go.class);
    }
}
