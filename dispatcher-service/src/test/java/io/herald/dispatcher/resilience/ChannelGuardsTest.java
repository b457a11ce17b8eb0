package io.herald.dispatcher.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.transport.Target;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The guards keyed by a parsed URL: what is refused or parked, and what the reasons show of the URL. */
class ChannelGuardsTest {

    private static final String SLACK = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ChannelGuards guards = new ChannelGuards(
            (provider, channel) -> 0,
            channel -> null,
            Duration.ZERO,
            CircuitBreakerConfig.custom()
                    .slidingWindowSize(2)
                    .minimumNumberOfCalls(2)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1))
                    .build(),
            1,
            Clock.systemUTC(),
            meters);

    @Test
    void disabledEndpointIsRefusedWhateverTheQueryNamingOnlyHostAndPort() {
        guards.disable(Target.of(SLACK + "?ts=1"), "answered 410 Gone");

        ChannelGuards.Admission admission = guards.admit(Provider.of("webhook"), "ops", Target.of(SLACK + "?ts=2"));

        assertThat(admission)
                .isInstanceOfSatisfying(
                        ChannelGuards.Admission.Refuse.class,
                        refuse -> assertThat(refuse.reason())
                                .startsWith("endpoint hooks.slack.com:443 is disabled: answered 410 Gone at ")
                                .doesNotContain("secret"));
        // the same endpoint without a query; another path is another endpoint
        assertThat(guards.admit(Provider.of("webhook"), "ops", Target.of(SLACK)))
                .isInstanceOf(ChannelGuards.Admission.Refuse.class);
        assertThat(guards.admit(
                        Provider.of("webhook"), "ops", Target.of("https://hooks.slack.com/services/T000/B000/other")))
                .isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    @Test
    void explicitDefaultPortIsTheSameEndpoint() {
        guards.disable(Target.of("https://hooks.example.com/in"), "answered 410 Gone");

        assertThat(guards.admit(Provider.of("webhook"), "ops", Target.of("https://hooks.example.com:443/in")))
                .isInstanceOf(ChannelGuards.Admission.Refuse.class);
        assertThat(guards.admit(Provider.of("webhook"), "ops", Target.of("http://hooks.example.com/in")))
                .isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    @Test
    void failuresOpenTheCircuitOfTheirEndpointOnly() {
        fail(Target.of(SLACK + "?try=1"));
        fail(Target.of(SLACK + "?try=2"));

        ChannelGuards.Admission admission = guards.admit(Provider.of("slack"), "ops", Target.of(SLACK));

        assertThat(admission).isInstanceOfSatisfying(ChannelGuards.Admission.Park.class, park -> {
            assertThat(park.reason())
                    .startsWith("circuit open for hooks.slack.com:443 since ")
                    .endsWith(" after repeated failures (OPEN)");
            // when it opened: a channel's route may fall back once it was open long enough
            assertThat(park.circuitOpenSince()).isNotNull();
            assertThat(park.reason()).contains(park.circuitOpenSince().toString());
        });
        assertThat(meters.get("herald.dispatcher.parked").counters())
                .singleElement()
                .satisfies(parked -> {
                    assertThat(parked.getId().getTags())
                            .extracting(tag -> tag.getKey() + "=" + tag.getValue())
                            .containsExactly("cause=circuit_open", "provider=slack");
                    assertThat(parked.count()).isEqualTo(1.0);
                });
        assertThat(guards.circuitState(SLACK + "?any")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guards.circuitState("https://hooks.slack.com/services/T000/B000/other"))
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void fullBulkheadParksNamingOnlyHostAndPort() {
        ChannelGuards.Admission first = guards.admit(Provider.of("slack"), "a", Target.of(SLACK));

        ChannelGuards.Admission second =
                guards.admit(Provider.of("slack"), "b", Target.of("https://hooks.slack.com/other"));

        assertThat(first).isInstanceOf(ChannelGuards.Admission.Go.class);
        assertThat(second)
                .isInstanceOfSatisfying(
                        ChannelGuards.Admission.Park.class,
                        park -> assertThat(park.reason())
                                .isEqualTo(
                                        "1 requests already in flight to hooks.slack.com:443 (max-in-flight-per-host)"));
        assertThat(meters.counter("herald.dispatcher.parked", "provider", "slack", "cause", "host_busy")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void urlThatDoesNotParseIsGuardedAsAWholeAndShownAsEndpoint() {
        String bad = "http://bad host/robot/send?access_token=t0k-secret";
        guards.disable(Target.of(bad), "answered 410 Gone");

        ChannelGuards.Admission admission = guards.admit(Provider.of("dingtalk"), "ops", Target.of(bad));

        assertThat(admission)
                .isInstanceOfSatisfying(
                        ChannelGuards.Admission.Refuse.class,
                        refuse -> assertThat(refuse.reason())
                                .startsWith("endpoint endpoint is disabled: ")
                                .doesNotContain("t0k-secret"));
        // the whole URL is the key: another query is another endpoint
        assertThat(guards.admit(
                        Provider.of("dingtalk"), "ops", Target.of("http://bad host/robot/send?access_token=other")))
                .isInstanceOf(ChannelGuards.Admission.Go.class);
    }

    private void fail(Target target) {
        ChannelGuards.Admission admission = guards.admit(Provider.of("slack"), "ops", target);
        TransportResult failed = new TransportResult.Failed(
                Instant.now(), Duration.ofMillis(5), target.display(), new IOException("connection reset"));
        ((ChannelGuards.Admission.Go) admission)
                .permit()
                .record(failed, Classification.transportFailure(Outcome.RETRYABLE, "connection reset"));
    }
}
