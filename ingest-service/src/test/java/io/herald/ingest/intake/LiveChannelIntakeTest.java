package io.herald.ingest.intake;

import static io.herald.ingest.TestChannels.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.ingest.IngestProperties;
import io.herald.schema.ChannelState;
import io.herald.schema.Source;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Intake against a directory that changes while the service runs, as herald.channels makes it. */
class LiveChannelIntakeTest {

    private final Channels channels = new Channels();
    private final IntakeDecider decider = new IntakeDecider(
            new RequestValidator(channels),
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC),
            new IngestProperties(
                    Duration.ofDays(7),
                    Duration.ofHours(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    DataSize.ofMegabytes(1),
                    8,
                    2,
                    DataSize.ofBytes(1_000_000),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(60)));

    private static IntakeRequest to(String channel, String tenant) {
        return new IntakeRequest(
                Source.HTTP, null, null, channel, tenant, Map.of(), text("hello"), null, null, List.of());
    }

    private static List<FieldViolation> violations(IntakeDecision decision) {
        return decision instanceof IntakeDecision.Reject reject
                ? ((IntakeOutcome.Rejected) reject.outcome()).violations()
                : List.of();
    }

    @Test
    void aChannelCreatedWhileRunningIsFoundByTheNextRequest() {
        assertThat(violations(decider.decide(to("billing", "acme"))))
                .extracting(FieldViolation::code)
                .containsExactly("unknown_channel");

        channels.put("billing", null, ChannelState.ACTIVE, "feishu");

        IntakeDecision decision = decider.decide(to("billing", "acme"));
        assertThat(decision).isInstanceOf(IntakeDecision.Accept.class);
        assertThat(((IntakeDecision.Accept) decision).accepted().getProvider()).isEqualTo("feishu");
    }

    @Test
    void aDeletedChannelIsRejectedSayingItWasDeleted() {
        channels.put("billing", null, ChannelState.DELETED, "feishu");

        assertThat(violations(decider.decide(to("billing", "acme"))))
                .extracting(FieldViolation::field, FieldViolation::code, FieldViolation::message)
                .containsExactly(tuple("channel", "channel_deleted", "channel 'billing' was deleted"));
    }

    @Test
    void aDisabledChannelIsAcceptedItsNotificationsParkDownstream() {
        channels.put("billing", null, ChannelState.DISABLED, "feishu");

        assertThat(decider.decide(to("billing", "acme"))).isInstanceOf(IntakeDecision.Accept.class);
    }

    @Test
    void aTenantsChannelTakesNotificationsOfThatTenantOnly() {
        channels.put("acme-alerts", "acme", ChannelState.ACTIVE, "feishu");

        assertThat(decider.decide(to("acme-alerts", "acme"))).isInstanceOf(IntakeDecision.Accept.class);
        assertThat(violations(decider.decide(to("acme-alerts", "globex"))))
                .extracting(FieldViolation::field, FieldViolation::code, FieldViolation::message)
                .containsExactly(tuple(
                        "channel",
                        "channel_not_available",
                        "channel 'acme-alerts' is not available to tenant 'globex'"));
        assertThat(violations(decider.decide(to("acme-alerts", null))))
                .extracting(FieldViolation::message)
                .containsExactly("channel 'acme-alerts' is not available to notifications without a tenant");
    }

    @Test
    void aSharedChannelTakesEveryTenant() {
        channels.put("shared", null, ChannelState.ACTIVE, "feishu");

        assertThat(decider.decide(to("shared", "acme"))).isInstanceOf(IntakeDecision.Accept.class);
        assertThat(decider.decide(to("shared", null))).isInstanceOf(IntakeDecision.Accept.class);
    }

    @Test
    void aChangedProviderAppliesToTheNextRequest() {
        channels.put("billing", null, ChannelState.ACTIVE, "feishu");
        assertThat(violations(decider.decide(to("billing", "acme")))).isEmpty();

        channels.put("billing", null, ChannelState.ACTIVE, "tencentcloud");

        // a message for what is now an API channel
        assertThat(violations(decider.decide(to("billing", "acme"))))
                .extracting(FieldViolation::code)
                .containsExactly("wrong_content_kind");
    }

    /** A directory the test changes, as herald.channels would. */
    static final class Channels implements ChannelDirectory {
        private final Map<String, ChannelEntry> entries = new ConcurrentHashMap<>();

        void put(String name, String tenant, ChannelState state, String provider) {
            Channel channel =
                    new Channel(provider, URI.create("https://provider.example/" + name), Map.of(), null, null);
            long version = entry(name).map(ChannelEntry::version).orElse(0L) + 1;
            entries.put(name, new ChannelEntry(name, tenant, state, channel, Map.of(), version));
        }

        @Override
        public Optional<ChannelEntry> entry(String name) {
            return Optional.ofNullable(entries.get(name));
        }

        @Override
        public Map<String, Channel> channels() {
            Map<String, Channel> live = new java.util.HashMap<>();
            entries.values().stream().filter(e -> !e.deleted()).forEach(e -> live.put(e.name(), e.channel()));
            return live;
        }

        @Override
        public void onChange(Consumer<ChannelEntry> listener) {}
    }
}
