package io.herald.signer.dispatchers;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.dispatchers.DispatcherLookup.Presence;
import io.herald.contract.provider.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DispatcherPresenceTest {

    private static final ChannelCatalog CATALOG = new ChannelCatalog(Map.of(
            "ops", new Channel("dingtalk", URI.create("https://oapi.dingtalk.com/robot/send"), Map.of(), null, null),
            "hooks", new Channel("webhook", URI.create("https://example.com/hook"), Map.of(), null, null)));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Object> answer = new AtomicReference<>();
    private final AtomicReference<List<Provider>> asked = new AtomicReference<>();
    private final DispatcherPresence presence = new DispatcherPresence(
            ChannelDirectory.fixed(CATALOG),
            providers -> {
                asked.set(providers);
                if (answer.get() instanceof Exception failure) {
                    throw failure;
                }
                @SuppressWarnings("unchecked")
                Map<Provider, Presence> map = (Map<Provider, Presence>) answer.get();
                return map;
            },
            Duration.ofSeconds(15),
            Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC),
            meters);
    private final DispatchersHealthIndicator health = new DispatchersHealthIndicator(presence);

    @Test
    void onlyProvidersWithAChannelAreWatched() {
        answer.set(Map.of(Provider.of("dingtalk"), new Presence(1, 0), Provider.of("webhook"), new Presence(2, 0)));

        presence.check();

        assertThat(asked.get()).containsExactly(Provider.of("dingtalk"), Provider.of("webhook"));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aProviderWithoutDispatcherIsUnservedInHealthAndMetrics() {
        answer.set(Map.of(Provider.of("dingtalk"), new Presence(0, 12), Provider.of("webhook"), new Presence(1, 0)));

        presence.check();

        Health answer = health.health();
        assertThat(answer.getStatus().getCode()).isEqualTo("UNSERVED");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> providers =
                (Map<String, Map<String, Object>>) answer.getDetails().get("providers");
        assertThat(providers.get("dingtalk"))
                .containsEntry("consumerGroup", "herald-dispatcher-dingtalk")
                .containsEntry("consumers", 0)
                .containsEntry("waiting", 12L);
        assertThat((String) providers.get("dingtalk").get("problem")).startsWith("no dispatcher serves dingtalk");
        assertThat(providers.get("webhook")).doesNotContainKey("problem");
        assertThat(meters.get(DispatcherPresence.UNSERVED_METER)
                        .tag("provider", "dingtalk")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get(DispatcherPresence.UNSERVED_METER)
                        .tag("provider", "webhook")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.get(DispatcherPresence.WAITING_METER)
                        .tag("provider", "dingtalk")
                        .gauge()
                        .value())
                .isEqualTo(12);
    }

    @Test
    void aBrokerThatCannotBeAskedIsUnknownNotHealthyAndKeepsTheLastAnswer() {
        answer.set(Map.of(Provider.of("dingtalk"), new Presence(0, 3), Provider.of("webhook"), new Presence(1, 0)));
        presence.check();
        answer.set(new java.util.concurrent.TimeoutException("timed out"));

        presence.check();

        Health answer = health.health();
        assertThat(answer.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat((String) answer.getDetails().get("failure")).contains("timed out");
        assertThat(meters.get(DispatcherPresence.UNSERVED_METER)
                        .tag("provider", "dingtalk")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void beforeTheFirstCheckNothingIsClaimed() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
