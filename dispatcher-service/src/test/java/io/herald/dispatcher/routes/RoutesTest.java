package io.herald.dispatcher.routes;

import static io.herald.dispatcher.Fixtures.ACCEPTED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.dispatcher.Fixtures;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChannelState;
import io.herald.schema.RouteHop;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final Instant NOW = ACCEPTED_AT.plusSeconds(90);

    private final Map<String, ChannelEntry> entries = new HashMap<>();
    private final Routes routes = new Routes(new ChannelDirectory() {
        @Override
        public Optional<ChannelEntry> entry(String name) {
            return Optional.ofNullable(entries.get(name));
        }

        @Override
        public Map<String, Channel> channels() {
            return Map.of();
        }

        @Override
        public void onChange(Consumer<ChannelEntry> listener) {}
    });

    RoutesTest() {
        put("dingtalk-ops", "dingtalk", null, ChannelState.ACTIVE, "wecom-ops", "hooks-ops");
        put("wecom-ops", "wecom", null, ChannelState.ACTIVE);
        put("hooks-ops", "webhook", null, ChannelState.ACTIVE);
    }

    @Test
    void theNextChannelOfTheRouteTakesItWithItsProviderAndTheHopInItsLineage() {
        AcceptedNotification next = routes.next(onDingTalk(), "dingtalk-ops: DingTalk errcode 310000", NOW)
                .orElseThrow();

        assertThat(next.getChannel()).isEqualTo("wecom-ops");
        assertThat(next.getProvider()).isEqualTo("wecom");
        assertThat(next.getNotificationId()).isEqualTo(onDingTalk().getNotificationId());
        assertThat(next.getContent()).isEqualTo(onDingTalk().getContent());
        assertThat(next.getRoute().getPrimaryChannel()).isEqualTo("dingtalk-ops");
        assertThat(next.getRoute().getHops())
                .containsExactly(
                        new RouteHop("dingtalk-ops", "wecom-ops", "dingtalk-ops: DingTalk errcode 310000", NOW));
    }

    @Test
    void eachHopGoesOnFromWhereItIsAndTheRouteEndsAtItsLastChannel() {
        AcceptedNotification second = routes.next(onDingTalk(), "first", NOW).orElseThrow();
        AcceptedNotification third =
                routes.next(second, "second", NOW.plusSeconds(5)).orElseThrow();

        assertThat(third.getChannel()).isEqualTo("hooks-ops");
        assertThat(third.getRoute().getHops())
                .extracting(RouteHop::getToChannel)
                .containsExactly("wecom-ops", "hooks-ops");
        assertThat(routes.next(third, "third", NOW.plusSeconds(9))).isEmpty();
    }

    @Test
    void aDisabledOrAnotherTenantsFallbackIsPassedOver() {
        put("wecom-ops", "wecom", null, ChannelState.DISABLED);
        assertThat(routes.next(onDingTalk(), "r", NOW))
                .hasValueSatisfying(n -> assertThat(n.getChannel()).isEqualTo("hooks-ops"));

        put("hooks-ops", "webhook", "globex", ChannelState.ACTIVE);
        assertThat(routes.next(onDingTalk(), "r", NOW)).isEmpty();
    }

    @Test
    void noRouteForAChannelWithoutFallbacksADeletedChannelOrAnApiCall() {
        AcceptedNotification onWeCom = AcceptedNotification.newBuilder(onDingTalk())
                .setChannel("wecom-ops")
                .setProvider("wecom")
                .build();
        assertThat(routes.next(onWeCom, "r", NOW)).isEmpty();

        AcceptedNotification apiCall = AcceptedNotification.newBuilder(onDingTalk())
                .setContent(ApiCall.newBuilder()
                        .setAction("CreateRecord")
                        .setVersion("2021-03-23")
                        .setBody("{}")
                        .build())
                .build();
        assertThat(routes.next(apiCall, "r", NOW)).isEmpty();

        put("dingtalk-ops", "dingtalk", null, ChannelState.DELETED, "wecom-ops");
        assertThat(routes.next(onDingTalk(), "r", NOW)).isEmpty();
    }

    private static AcceptedNotification onDingTalk() {
        return AcceptedNotification.newBuilder(Fixtures.notification(ACCEPTED_AT))
                .setChannel("dingtalk-ops")
                .build();
    }

    private void put(String name, String provider, String tenant, ChannelState state, String... fallbacks) {
        Channel channel = new Channel(
                provider,
                URI.create("https://example.com/" + name),
                Map.of(),
                null,
                null,
                null,
                null,
                List.of(fallbacks),
                null);
        entries.put(name, new ChannelEntry(name, tenant, state, channel, Map.of(), 1));
    }
}
