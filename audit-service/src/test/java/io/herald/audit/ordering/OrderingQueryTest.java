package io.herald.audit.ordering;

import static io.herald.audit.ordering.OrderingStatesFixture.state;
import static io.herald.audit.ordering.OrderingStatesFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.security.Caller;
import io.herald.contract.security.Role;
import io.herald.schema.ChannelState;
import io.herald.schema.OrderingState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderingQueryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final Caller EVERY_TENANT = caller("*");
    private static final Caller TENANT_A = caller("a");

    private final Map<String, ChannelEntry> entries = Map.of(
            "a-ordered", entry("a-ordered", "a", true),
            "b-ordered", entry("b-ordered", "b", true),
            "shared", entry("shared", null, true),
            "a-quiet", entry("a-quiet", "a", true),
            "a-unordered", entry("a-unordered", "a", false));
    /** Notification tenants as audit recorded them. */
    private final Map<String, String> tenants = Map.of("n-a", "a", "n-b", "b");

    /** Followed from a broker without the topic yet: caught up at once, states written below. */
    private final OrderingStates states = new OrderingStates("herald.ordering", () -> new MockConsumer<>("earliest"));

    private final OrderingQuery query =
            new OrderingQuery(states, new Directory(entries), id -> Optional.ofNullable(tenants.get(id)));

    @BeforeEach
    void start() {
        states.start();
        await().atMost(Duration.ofSeconds(5)).until(states::caughtUp);
    }

    @AfterEach
    void close() {
        states.close();
    }

    @Test
    void aCallerOfEveryTenantSeesEveryOrderedChannelAStrictOneWithoutStateAsClear() {
        write(state("a-ordered", T0, "n-a").build());
        write(state("b-ordered", T0, "n-b").build());
        write(state("retired", T0, "n-x").build()); // not in the directory (any more)

        assertThat(query.all(EVERY_TENANT))
                .extracting(v -> v.channel() + " " + v.state())
                .containsExactly(
                        "a-ordered waiting", "a-quiet clear", "b-ordered waiting", "retired waiting", "shared clear");
    }

    @Test
    void aTenantSeesItsOwnAndSharedOrderedChannelsOnly() {
        write(state("a-ordered", T0, "n-a").build());
        write(state("b-ordered", T0, "n-b").build());
        write(state("retired", T0, "n-x").build());

        assertThat(query.all(TENANT_A))
                .extracting(OrderingView::channel)
                .containsExactly("a-ordered", "a-quiet", "shared");
        assertThat(query.one("b-ordered", TENANT_A)).isEmpty();
        assertThat(query.one("retired", TENANT_A)).isEmpty();
        assertThat(query.one("a-unordered", TENANT_A)).isEmpty();
        assertThat(query.one("nope", EVERY_TENANT)).isEmpty();
    }

    @Test
    void onASharedChannelATenantSeesOnlyItsOwnNotificationIds() {
        write(state("shared", T0, "n-b", "n-a")
                .setStopped(stop("n-b", "gone", T0))
                .build());

        OrderingView seen = query.one("shared", TENANT_A).orElseThrow();

        assertThat(seen.head().notificationId()).isNull();
        assertThat(seen.stopped().notificationId()).isNull();
        assertThat(seen.waiting()).isEqualTo(2);
        assertThat(query.one("shared", EVERY_TENANT).orElseThrow().head().notificationId())
                .isEqualTo("n-b");
        write(state("shared", T0, "n-a", "n-b").build());
        assertThat(query.one("shared", TENANT_A).orElseThrow().head().notificationId())
                .isEqualTo("n-a");
    }

    @Test
    void beforeTheTopicIsReadAStrictChannelWithoutStateIsNotClaimedClear() {
        OrderingQuery notFollowing = new OrderingQuery(
                new OrderingStates("herald.ordering", null), new Directory(entries), id -> Optional.empty());

        assertThat(notFollowing.all(EVERY_TENANT)).isEmpty();
        assertThat(notFollowing.one("a-quiet", EVERY_TENANT)).isEmpty();
    }

    private void write(OrderingState state) {
        states.apply(new ConsumerRecord<>("herald.ordering", 0, 0L, state.getChannel(), state));
    }

    private static Caller caller(String tenant) {
        return new Caller("c-" + tenant, Set.of(Role.READ), Set.of(tenant), Set.of());
    }

    private static ChannelEntry entry(String name, String tenant, boolean strict) {
        Channel channel = new Channel(
                "dingtalk",
                URI.create("https://oapi.dingtalk.com/robot/send"),
                Map.of("access_token", "env:T"),
                null,
                null,
                null,
                null,
                null,
                null,
                strict ? Channel.Ordering.STRICT : Channel.Ordering.NONE,
                null,
                null);
        return new ChannelEntry(name, tenant, ChannelState.ACTIVE, channel, Map.of(), 1);
    }

    /** A directory of fixed entries. */
    record Directory(Map<String, ChannelEntry> entries) implements ChannelDirectory {
        @Override
        public Optional<ChannelEntry> entry(String name) {
            return Optional.ofNullable(entries.get(name));
        }

        @Override
        public Map<String, Channel> channels() {
            return entries.values().stream()
                    .filter(e -> !e.deleted())
                    .collect(Collectors.toMap(ChannelEntry::name, ChannelEntry::channel));
        }

        @Override
        public void onChange(Consumer<ChannelEntry> listener) {}
    }
}
