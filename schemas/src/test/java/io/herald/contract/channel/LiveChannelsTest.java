package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.contract.kafka.MalformedRecordLog;
import io.herald.contract.kafka.RecordReadException;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelState;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The overlay rules, with Kafka's mock consumer standing for herald.channels. */
class LiveChannelsTest {

    private static final String TOPIC = "herald.channels";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final ChannelCatalog SEED = new ChannelCatalog(Map.of(
            "ops",
            new Channel(
                    "dingtalk",
                    URI.create("https://oapi.dingtalk.com/robot/send"),
                    Map.of("access_token", "env:OPS_TOKEN"),
                    null,
                    null)));

    private final MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");
    private final List<ChannelEntry> changes = new CopyOnWriteArrayList<>();
    private LiveChannels channels;
    private long offset;

    private final List<ListAppender<ILoggingEvent>> appenders = new ArrayList<>();

    @AfterEach
    void stop() {
        if (channels != null) {
            channels.close();
        }
        appenders.forEach(a -> ((Logger) LoggerFactory.getLogger(LiveChannels.class)).detachAppender(a));
    }

    /** The topic already holds {@code existing} when the service starts. */
    private LiveChannels start(ChannelDefinition... existing) {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, (long) existing.length));
        consumer.schedulePollTask(() -> {
            for (ChannelDefinition definition : existing) {
                consumer.addRecord(record(definition.getName(), definition));
            }
        });
        channels = new LiveChannels(SEED, TOPIC, () -> consumer, Duration.ofSeconds(10), Clock.systemUTC());
        channels.onChange(changes::add);
        channels.start();
        return channels;
    }

    private ConsumerRecord<String, Object> record(String key, Object value) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, key, value);
    }

    /** Written while the service runs. */
    private void write(String key, Object value) {
        consumer.schedulePollTask(() -> consumer.addRecord(record(key, value)));
    }

    @Test
    void startReturnsCaughtUpWithWhatTheTopicHeld() {
        start(
                Definitions.webhook("hooks", 1).build(),
                Definitions.webhook("hooks", 2).setRatePerMinute(10).build());

        assertThat(channels.status().caughtUp()).isTrue();
        assertThat(channels.find("hooks")).map(Channel::ratePerMinute).contains(10);
        assertThat(channels.entry("hooks")).map(ChannelEntry::version).contains(2L);
        assertThat(channels.status().lastChange()).isEqualTo("hooks v2");
        assertThat(channels.find("ops")).isPresent();
        assertThat(channels.channels()).containsOnlyKeys("ops", "hooks");
    }

    @Test
    void aSeedChannelIsOverriddenByItsDefinitionOnTheTopic() {
        start(Definitions.webhook("ops", 3)
                .setProvider("dingtalk")
                .setEndpoint("https://oapi.dingtalk.com/robot/send?x")
                .build());
        // invalid (query in the URL): the seed's definition stays
        assertThat(channels.entry("ops")).map(ChannelEntry::version).contains(0L);

        write(
                "ops",
                Definitions.webhook("ops", 4)
                        .setProvider("dingtalk")
                        .setEndpoint("https://ding.example.com/robot/send")
                        .setTenant("acme")
                        .build());

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(channels.entry("ops"))
                        .map(ChannelEntry::version)
                        .contains(4L));
        ChannelEntry ops = channels.entry("ops").orElseThrow();
        assertThat(ops.channel().endpoint()).isEqualTo(URI.create("https://ding.example.com/robot/send"));
        assertThat(ops.tenant()).isEqualTo("acme");
        assertThat(changes)
                .extracting(ChannelEntry::name, ChannelEntry::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", 4L));
    }

    @Test
    void disabledIsFoundWithItsStateDeletedOnlyAsAnEntry() {
        start();

        write(
                "hooks",
                Definitions.webhook("hooks", 1).setState(ChannelState.DISABLED).build());
        write(
                "gone",
                Definitions.webhook("gone", 2).setState(ChannelState.DELETED).build());

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
        assertThat(channels.find("hooks")).isPresent();
        assertThat(channels.entry("hooks").orElseThrow().disabled()).isTrue();
        assertThat(channels.find("gone")).isEmpty();
        assertThat(channels.entry("gone").orElseThrow().deleted()).isTrue();
        assertThat(channels.entry("gone").orElseThrow().channel().provider()).isEqualTo("webhook");
        assertThat(channels.channels()).containsOnlyKeys("ops", "hooks");
        assertThat(channels.status().counts())
                .containsEntry("channels", 2L)
                .containsEntry("active", 1L)
                .containsEntry("disabled", 1L)
                .containsEntry("deleted", 1L);
    }

    @Test
    void aTombstoneDeletesKeepingTheLastDefinitionAndOneOfAnUnknownNameChangesNothing() {
        start();

        write("ops", null);
        write("never-defined", null);
        write("marker", Definitions.webhook("marker", 1).build());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> channels.entry("marker").isPresent());
        assertThat(channels.find("ops")).isEmpty();
        assertThat(channels.entry("ops").orElseThrow().state()).isEqualTo(ChannelState.DELETED);
        assertThat(channels.entry("ops").orElseThrow().channel().provider()).isEqualTo("dingtalk");
        assertThat(channels.entry("never-defined")).isEmpty();
        assertThat(changes).extracting(ChannelEntry::name).containsExactly("ops", "marker");
    }

    @Test
    void anInvalidDefinitionIsSkippedAndTheChannelKeepsItsLastValidOne() {
        start(Definitions.webhook("hooks", 1).build());

        write("hooks", Definitions.webhook("hooks", 2).setMaxAttempts(0).build());
        write("hooks", "not a definition");
        write("marker", Definitions.webhook("marker", 1).build());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> channels.entry("marker").isPresent());
        assertThat(channels.entry("hooks")).map(ChannelEntry::version).contains(1L);
    }

    @Test
    void aFloodOfBadRecordsIsLoggedAsAFewLinesAndASummaryNeverShowingASecret() {
        start(Definitions.webhook("hooks", 1).build());
        String pasted = "pasted-secret-" + java.util.UUID.randomUUID();
        List<ILoggingEvent> lines = captureLog();

        // one poll: 500 bad records of every kind, then a good one
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < 500; i++) {
                Object bad = switch (i % 3) {
                    case 0 ->
                        Definitions.webhook("hooks", 2 + i)
                                .setCredentials(Map.of("secret", pasted))
                                .build();
                    case 1 -> "not a definition";
                    default -> Definitions.webhook("hooks", 2 + i).build();
                };
                consumer.addRecord(record(i % 3 == 2 ? null : "hooks", bad));
            }
            consumer.addRecord(record("marker", Definitions.webhook("marker", 1).build()));
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> channels.entry("marker").isPresent());
        channels.close();

        assertThat(channels.entry("hooks")).map(ChannelEntry::version).contains(1L);
        List<String> messages =
                lines.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).hasSize(MalformedRecordLog.LINES_PER_WINDOW + 1);
        assertThat(messages.getFirst())
                .isEqualTo("Skipped version 2 of channel 'hooks' at offset 1 of herald.channels: credentials.secret:"
                        + " must be a reference, env:VARIABLE or file:/path; the channel keeps what it was");
        assertThat(messages.get(1))
                .isEqualTo("Skipped channel 'hooks' at offset 2 of herald.channels: the value is not a channel"
                        + " definition");
        assertThat(messages.get(2))
                .isEqualTo("Skipped the record at offset 3 of herald.channels: it has no key (the channel name)");
        assertThat(messages.getLast())
                .startsWith("480 more malformed records on herald.channels")
                .endsWith("by reason: {invalid_definition=160, no_key=160, not_a_definition=160}");
        assertThat(messages).noneMatch(m -> m.contains(pasted));
    }

    @Test
    void recordsThatDoNotDecodeAreSkippedThroughTheSameFloodLimit() {
        start();
        List<ILoggingEvent> lines = captureLog();

        for (int i = 0; i < 50; i++) {
            long unreadable = offset++;
            consumer.schedulePollTask(() -> consumer.setPollException(new RecordDeserializationException(
                    RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                    PARTITION,
                    unreadable,
                    0L,
                    TimestampType.CREATE_TIME,
                    ByteBuffer.wrap("hooks".getBytes(StandardCharsets.UTF_8)),
                    ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    new RecordHeaders(),
                    "Error deserializing VALUE",
                    new RecordReadException(RecordReadException.Reason.NOT_AVRO, "first byte is 0x01"))));
        }
        write("marker", Definitions.webhook("marker", 1).build());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> channels.entry("marker").isPresent());
        assertThat(lines).hasSize(MalformedRecordLog.LINES_PER_WINDOW);
        assertThat(lines.getFirst().getFormattedMessage())
                .isEqualTo("Skipped channel 'hooks' at offset 0 of herald.channels: it does not decode (first byte is"
                        + " 0x01); the channel keeps what it was");
        channels.close();
        assertThat(lines.getLast().getFormattedMessage())
                .startsWith("30 more malformed records on herald.channels")
                .endsWith("by reason: {not_avro=30}");
    }

    /** The WARN lines of LiveChannels from now on (skipped records are reported there). */
    private List<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(LiveChannels.class);
        logger.addAppender(appender);
        appenders.add(appender);
        return appender.list;
    }

    @Test
    void aListenerThatFailsDoesNotStopTheOthersOrTheFollower() {
        start();
        channels.onChange(entry -> {
            throw new IllegalStateException("boom");
        });

        write("a", Definitions.webhook("a", 1).build());
        write("b", Definitions.webhook("b", 1).build());

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
        assertThat(channels.find("b")).isPresent();
    }

    @Test
    void withoutTheTopicTheSeedIsTheCatalogAndStartDoesNotWait() {
        channels = new LiveChannels(SEED, TOPIC, () -> consumer, Duration.ofSeconds(10), Clock.systemUTC());
        long started = System.nanoTime();
        channels.start();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(channels.status().caughtUp()).isTrue();
        assertThat(channels.find("ops")).isPresent();
    }

    @Test
    void aTopicThatCannotBeReadStopsTheWaitAtTheTimeoutAndTheSeedServes() {
        channels = new LiveChannels(
                SEED,
                TOPIC,
                () -> {
                    throw new org.apache.kafka.common.KafkaException("no broker answers");
                },
                Duration.ofMillis(300),
                Clock.systemUTC());
        channels.start();

        LiveChannels.Status status = channels.status();
        assertThat(status.caughtUp()).isFalse();
        assertThat(status.startGaveUp()).isTrue();
        assertThat(status.problem()).isEqualTo("cannot read herald.channels: no broker answers");
        assertThat(channels.find("ops")).isPresent();
    }
}
