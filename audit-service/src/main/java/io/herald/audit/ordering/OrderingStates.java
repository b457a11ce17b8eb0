package io.herald.audit.ordering;

import io.herald.contract.kafka.CompactedTopicFollower;
import io.herald.contract.kafka.MalformedRecordLog;
import io.herald.schema.OrderingState;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each ordered channel stands, as the dispatchers last wrote it to {@code herald.ordering} (keyed by channel
 * name, compacted; the dispatchers are its only writers): kept in memory, the latest state per channel, followed on a
 * thread of its own ({@link CompactedTopicFollower}). A tombstone forgets the channel; a record that is not an ordering state
 * is skipped with one flood-limited line. Nothing here is stored: every start reads the topic again.
 */
final class OrderingStates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrderingStates.class);

    private final String topic;
    private final Map<String, OrderingState> states = new ConcurrentHashMap<>();
    private final MalformedRecordLog skipped = new MalformedRecordLog(log);
    private final CompactedTopicFollower follower;

    /**
     * @param topic {@code herald.ordering} (with the topic prefix)
     * @param consumers makes the plain consumer that reads it (string keys, Herald's Avro values, no group); null: the
     *     topic is not followed (the states stay empty)
     */
    OrderingStates(String topic, Supplier<org.apache.kafka.clients.consumer.Consumer<String, Object>> consumers) {
        this.topic = topic;
        this.follower = consumers == null
                ? null
                : new CompactedTopicFollower(
                        topic,
                        consumers,
                        this::apply,
                        skipped,
                        Clock.systemUTC(),
                        new CompactedTopicFollower.Wording(
                                "the ordering state of channel",
                                "the page shows the channel's previous state",
                                "no ordered channel has held a notification"));
    }

    /** Starts following the topic; does not wait for it (the page shows what is read so far). */
    void start() {
        if (follower != null) {
            follower.start("herald-ordering");
        }
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        skipped.flushAll();
    }

    /** The channel's latest state, unless none was written (or it was removed). */
    Optional<OrderingState> state(String channel) {
        return Optional.ofNullable(states.get(channel));
    }

    /** Every channel's latest state, by channel name. */
    Map<String, OrderingState> all() {
        return new TreeMap<>(states);
    }

    /** True once the topic was read up to where it ended when following began (or it does not exist). */
    boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    void apply(ConsumerRecord<String, Object> record) {
        String channel = record.key();
        if (channel == null) {
            skipped.warn(
                    topic,
                    "no_key",
                    () -> "Skipped the record at offset " + record.offset() + " of " + topic
                            + ": it has no key (the channel name)");
            return;
        }
        if (record.value() == null) {
            states.remove(channel);
            return;
        }
        if (!(record.value() instanceof OrderingState state)) {
            skipped.warn(
                    topic,
                    "not_an_ordering_state",
                    () -> "Skipped channel '" + CompactedTopicFollower.printable(channel) + "' at offset "
                            + record.offset() + " of " + topic + ": the value is not an ordering state");
            return;
        }
        states.put(channel, state);
    }
}
