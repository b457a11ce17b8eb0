package io.herald.contract.channel;

import io.herald.contract.channel.ChannelDefinitions.Conversion;
import io.herald.contract.kafka.CompactedTopicFollower;
import io.herald.contract.kafka.MalformedRecordLog;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChannelDirectory} of a running service: the seed file's channels overridden by {@code herald.channels},
 * which it follows ({@link CompactedTopicFollower}). {@link #start} waits (at most {@code startTimeout}) until it caught up
 * with the topic; past that the service starts on the seed alone and {@link #status} says it is not caught up.
 */
public final class LiveChannels implements ChannelDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveChannels.class);

    private final String topic;
    private final ChannelOverlay overlay;
    private final CompactedTopicFollower follower;
    /** Records skipped as unusable, flood-limited: a topic full of bad records must not fill the log. */
    private final MalformedRecordLog skipped = new MalformedRecordLog(log);

    private final Duration startTimeout;
    private final Clock clock;
    private final List<Consumer<ChannelEntry>> listeners = new CopyOnWriteArrayList<>();
    private volatile String lastChange;
    private volatile Instant startedAt;
    private volatile boolean startGaveUp;

    /**
     * @param seed the seed file's channels
     * @param topic {@code herald.channels} (with the topic prefix)
     * @param consumers makes the plain consumer that reads it (string keys, Herald's Avro values, no group)
     * @param startTimeout how long {@link #start} waits to catch up before the service starts on the seed alone
     */
    public LiveChannels(
            ChannelCatalog seed,
            String topic,
            Supplier<org.apache.kafka.clients.consumer.Consumer<String, Object>> consumers,
            Duration startTimeout,
            Clock clock) {
        this.topic = topic;
        this.overlay = new ChannelOverlay(seed);
        this.follower = new CompactedTopicFollower(
                topic,
                consumers,
                this::apply,
                skipped,
                clock,
                new CompactedTopicFollower.Wording(
                        "channel",
                        "the channel keeps what it was",
                        "the seed file's channels are the catalog until it does"));
        this.startTimeout = startTimeout;
        this.clock = clock;
    }

    /** Starts following and waits until caught up, or {@code startTimeout}. */
    public synchronized void start() {
        if (!follower.start("herald-channels")) {
            return;
        }
        startedAt = clock.instant();
        try {
            if (!follower.awaitCaughtUp(startTimeout)) {
                startGaveUp = true;
                log.warn(
                        "Not caught up with {} within {} ms ({}): starting with the seed file's channels alone;"
                                + " health component 'channels' is DOWN until caught up",
                        topic,
                        startTimeout.toMillis(),
                        Optional.ofNullable(follower.problem()).orElse("no answer yet"));
            } else {
                log.info("Caught up with {}: {}", topic, counts());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        follower.close();
        skipped.flushAll();
    }

    @Override
    public Optional<ChannelEntry> entry(String name) {
        return overlay.entry(name);
    }

    @Override
    public Map<String, Channel> channels() {
        return overlay.channels();
    }

    @Override
    public void onChange(Consumer<ChannelEntry> listener) {
        listeners.add(listener);
    }

    /** Counts channels by state as gauges {@code herald.channels{state=active|disabled|deleted}}. */
    public void registerMeters(MeterRegistry meters) {
        for (ChannelState state : ChannelState.values()) {
            Gauge.builder("herald.channels", overlay, o -> o.count(state))
                    .description("Channels this service knows, by state (seed file and herald.channels)")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(meters);
        }
    }

    /** Where the directory stands, for the {@code channels} health component. */
    public Status status() {
        return new Status(
                follower.caughtUp(),
                startGaveUp,
                follower.problem(),
                follower.problemSince(),
                startedAt,
                topic,
                counts(),
                lastChange);
    }

    /**
     * @param caughtUp it has read the topic up to where it ended at start
     * @param startGaveUp start stopped waiting for that, and the service started on the seed alone
     * @param problem what keeps it from reading the topic now; null when nothing does
     * @param lastChange the last definition applied, {@code <name> v<version>}; null when none yet
     */
    public record Status(
            boolean caughtUp,
            boolean startGaveUp,
            String problem,
            Instant problemSince,
            Instant startedAt,
            String topic,
            Map<String, Long> counts,
            String lastChange) {}

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("channels", (long) overlay.channels().size());
        for (ChannelState state : ChannelState.values()) {
            counts.put(state.name().toLowerCase(Locale.ROOT), overlay.count(state));
        }
        return counts;
    }

    private void apply(ConsumerRecord<String, Object> record) {
        String name = record.key();
        if (name == null) {
            skipped.warn(
                    topic,
                    "no_key",
                    () -> "Skipped the record at offset " + record.offset() + " of " + topic
                            + ": it has no key (the channel name)");
            return;
        }
        Optional<ChannelEntry> changed;
        if (record.value() == null) {
            changed = overlay.delete(name);
        } else if (record.value() instanceof ChannelDefinition definition) {
            Conversion conversion = ChannelDefinitions.convert(name, definition);
            if (!conversion.valid()) {
                // the problems name properties, never a value (ChannelDefinitions)
                skipped.warn(
                        topic,
                        "invalid_definition",
                        () -> "Skipped version " + definition.getVersion() + " of channel '"
                                + CompactedTopicFollower.printable(name) + "' at offset " + record.offset() + " of "
                                + topic
                                + ": " + String.join("; ", conversion.problems())
                                + "; the channel keeps what it was");
                return;
            }
            changed = Optional.of(overlay.apply(conversion.entry()));
        } else {
            skipped.warn(
                    topic,
                    "not_a_definition",
                    () -> "Skipped channel '" + CompactedTopicFollower.printable(name) + "' at offset "
                            + record.offset() + " of " + topic + ": the value is not a channel definition");
            return;
        }
        changed.ifPresent(this::changed);
    }

    private void changed(ChannelEntry entry) {
        lastChange = entry.name() + " v" + entry.version();
        for (Consumer<ChannelEntry> listener : listeners) {
            try {
                listener.accept(entry);
            } catch (RuntimeException e) {
                // never the entry itself in the line: it carries sealed secrets
                log.warn(
                        "A listener failed on the change of channel '{}' (v{}): {}",
                        entry.name(),
                        entry.version(),
                        CompactedTopicFollower.summary(e));
            }
        }
    }
}
