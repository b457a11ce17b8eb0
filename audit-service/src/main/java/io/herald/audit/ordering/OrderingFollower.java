package io.herald.audit.ordering;

import io.herald.contract.kafka.MalformedRecordLog;
import io.herald.contract.kafka.RecordReadException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code herald.ordering} from the beginning and then follows it, on its own thread, with a plain consumer: every
 * partition assigned, no group, nothing committed (every start reads the whole compacted topic), like the channel
 * follower of the schemas module ({@code io.herald.contract.channel.ChannelFollower}, package-private there) does for
 * {@code herald.channels}. Caught up once it reached the end offsets it saw at start, or found no topic (no dispatcher
 * has written one: no ordered channel ever held a notification). A failure is retried with a new consumer from the next
 * unread offset; a record that does not decode is skipped with one flood-limited line, unless the schema registry could
 * not be asked (then it is read again later).
 */
final class OrderingFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OrderingFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String topic;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<String, Object>> consumers;
    private final Consumer<ConsumerRecord<String, Object>> records;
    private final MalformedRecordLog skipped;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile org.apache.kafka.clients.consumer.Consumer<String, Object> current;
    private volatile String problem;

    /**
     * @param records applies one record: key = channel name, value = its state, or null (a tombstone)
     * @param skipped where records that cannot be read are reported (flood-limited, shared with {@code records})
     */
    OrderingFollower(
            String topic,
            Supplier<org.apache.kafka.clients.consumer.Consumer<String, Object>> consumers,
            Consumer<ConsumerRecord<String, Object>> records,
            MalformedRecordLog skipped) {
        this.topic = topic;
        this.consumers = consumers;
        this.records = records;
        this.skipped = skipped;
    }

    @Override
    public void run() {
        while (running) {
            try (var consumer = consumers.get()) {
                current = consumer;
                if (running) {
                    follow(consumer);
                }
            } catch (WakeupException | InterruptException e) {
                return; // stopping
            } catch (RuntimeException e) {
                problem = "cannot read " + topic + ": " + summary(e);
                log.warn("Following {} failed, retrying in {} s: {}", topic, RETRY.toSeconds(), summary(e));
                pause(RETRY);
            } finally {
                current = null;
            }
        }
    }

    private void follow(org.apache.kafka.clients.consumer.Consumer<String, Object> consumer) {
        List<TopicPartition> partitions = partitions(consumer);
        if (partitions.isEmpty()) {
            return; // stopping
        }
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long offset = next.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
        Map<TopicPartition, Long> end = caughtUp ? Map.of() : consumer.endOffsets(partitions, METADATA_TIMEOUT);
        while (running) {
            skipped.flush();
            ConsumerRecords<String, Object> polled;
            try {
                polled = consumer.poll(POLL);
            } catch (RecordDeserializationException e) {
                unreadable(consumer, e);
                continue;
            }
            for (ConsumerRecord<String, Object> record : polled) {
                records.accept(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            problem = null;
            if (!caughtUp
                    && end.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey(), METADATA_TIMEOUT) >= e.getValue())) {
                caughtUp = true;
                log.info("Caught up with {}", topic);
            }
        }
    }

    /** The topic's partitions; while it does not exist no ordered channel has held a notification yet. */
    private List<TopicPartition> partitions(org.apache.kafka.clients.consumer.Consumer<String, Object> consumer) {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            }
            if (!caughtUp) {
                log.info("{} does not exist yet: no ordered channel has held a notification", topic);
                caughtUp = true;
            }
            pause(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private void unreadable(
            org.apache.kafka.clients.consumer.Consumer<String, Object> consumer, RecordDeserializationException e) {
        RecordReadException read = readException(e);
        if (read != null && read.reason() == RecordReadException.Reason.REGISTRY_UNAVAILABLE) {
            problem = topic + " offset " + e.offset() + ": " + read.getMessage();
            log.warn("Cannot read {} at offset {} yet, retrying: {}", topic, e.offset(), read.getMessage());
            pause(RETRY);
            return; // read again from the same offset
        }
        String key = e.keyBuffer() == null
                ? null
                : StandardCharsets.UTF_8.decode(e.keyBuffer().duplicate()).toString();
        skipped.warn(
                topic,
                read != null ? read.reason().code() : RecordReadException.Reason.UNDECODABLE.code(),
                () -> "Skipped the ordering state of channel '" + printable(key) + "' at offset " + e.offset() + " of "
                        + topic + ": it does not decode (" + (read != null ? read.getMessage() : summary(e))
                        + "); the channel keeps what it was");
        consumer.seek(e.topicPartition(), e.offset() + 1);
        next.put(e.topicPartition(), e.offset() + 1);
    }

    private static RecordReadException readException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordReadException read) {
                return read;
            }
        }
        return null;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** What keeps the follower from reading now, or null. */
    String problem() {
        return problem;
    }

    void stop() {
        running = false;
        var consumer = current;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The failure's first line, short: it names what failed, never a record's content. */
    static String summary(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    /** A channel name from a record's key, safe for one log line. */
    static String printable(String key) {
        if (key == null) {
            return "(no key)";
        }
        String shown = key.length() <= 100 ? key : key.substring(0, 100) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
