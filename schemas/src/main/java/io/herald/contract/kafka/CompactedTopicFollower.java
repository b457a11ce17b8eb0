package io.herald.contract.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
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
 * Reads a compacted topic keyed by channel name ({@code herald.channels}, {@code herald.ordering}) from the beginning
 * and then follows it, on its own thread, with a plain consumer:
 * every partition assigned, no group, nothing committed (every start reads the whole compacted topic). Caught up once
 * it reached the end offsets it saw at start (or found no topic yet: nothing was written). A failure is retried, the
 * consumer made anew, from the next unread offset; a record that cannot be read is skipped unless the schema registry
 * could not be asked (then it is read again later).
 */
public final class CompactedTopicFollower implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** Applies one record: key = channel name, value = what the topic holds for it, or null (a tombstone). */
    public interface Records {
        void apply(ConsumerRecord<String, Object> record);
    }

    /**
     * How its lines name things.
     *
     * @param record what one record is, before the channel name: "channel", "the ordering state of channel"
     * @param skipped what a skipped record means: "the channel keeps what it was"
     * @param missing what a topic not created yet means: "the seed file's channels are the catalog until it does"
     */
    public record Wording(String record, String skipped, String missing) {}

    private final String topic;
    private final Supplier<Consumer<String, Object>> consumers;
    private final Records records;
    private final MalformedRecordLog skipped;
    private final Clock clock;
    private final Wording wording;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Object caughtUpSignal = new Object();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Consumer<String, Object> current;
    private volatile String problem;
    private volatile Instant problemSince;
    private Thread thread;

    /** @param skipped where records that cannot be read are reported (flood-limited, shared with {@code records}) */
    public CompactedTopicFollower(
            String topic,
            Supplier<Consumer<String, Object>> consumers,
            Records records,
            MalformedRecordLog skipped,
            Clock clock,
            Wording wording) {
        this.topic = topic;
        this.consumers = consumers;
        this.records = records;
        this.skipped = skipped;
        this.clock = clock;
        this.wording = wording;
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer<String, Object> consumer = consumers.get()) {
                current = consumer;
                if (running) {
                    follow(consumer);
                }
            } catch (WakeupException | InterruptException e) {
                return; // stopping
            } catch (RuntimeException e) {
                problem("cannot read " + topic + ": " + summary(e));
                log.warn("Following {} failed, retrying in {} s: {}", topic, RETRY.toSeconds(), summary(e));
                pause(RETRY);
            } finally {
                current = null;
            }
        }
    }

    private void follow(Consumer<String, Object> consumer) {
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
            ConsumerRecords<String, Object> polled;
            // the summary of a flood of skipped records is written within a window of its end
            skipped.flush();
            try {
                polled = consumer.poll(POLL);
            } catch (RecordDeserializationException e) {
                unreadable(consumer, e);
                continue;
            }
            for (ConsumerRecord<String, Object> record : polled) {
                records.apply(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            problem = null;
            if (!caughtUp
                    && end.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey(), METADATA_TIMEOUT) >= e.getValue())) {
                markCaughtUp();
            }
        }
    }

    /** The topic's partitions; while it does not exist nothing was written, so the seed alone is up to date. */
    private List<TopicPartition> partitions(Consumer<String, Object> consumer) {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            }
            if (!caughtUp) {
                log.info("{} does not exist yet: {}", topic, wording.missing());
                markCaughtUp();
            }
            pause(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private void unreadable(Consumer<String, Object> consumer, RecordDeserializationException e) {
        RecordReadException read = readException(e);
        if (read != null && read.reason() == RecordReadException.Reason.REGISTRY_UNAVAILABLE) {
            problem(topic + " offset " + e.offset() + ": " + read.getMessage());
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
                () -> "Skipped " + wording.record() + " '" + printable(key) + "' at offset " + e.offset() + " of "
                        + topic + ": it does not decode (" + (read != null ? read.getMessage() : summary(e)) + "); "
                        + wording.skipped());
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

    private void markCaughtUp() {
        synchronized (caughtUpSignal) {
            caughtUp = true;
            caughtUpSignal.notifyAll();
        }
    }

    /** Waits up to {@code timeout} for the first catch-up; true once caught up. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (caughtUpSignal) {
            while (!caughtUp) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                caughtUpSignal.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** What keeps the follower from reading now, or null. */
    public String problem() {
        return problem;
    }

    public Instant problemSince() {
        return problemSince;
    }

    /** Follows the topic on a daemon thread of this name; true when this call started it (later calls do nothing). */
    public synchronized boolean start(String threadName) {
        if (thread != null) {
            return false;
        }
        thread = Thread.ofPlatform().name(threadName).daemon().start(this);
        return true;
    }

    /** Stops following and waits (at most 5 s) for the thread {@link #start} made to end. */
    @Override
    public synchronized void close() {
        stop();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void stop() {
        running = false;
        Consumer<String, Object> consumer = current;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void problem(String text) {
        if (problem == null) {
            problemSince = clock.instant();
        }
        problem = text;
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
    public static String summary(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    /** A channel name from a record's key, safe for one log line. */
    public static String printable(String key) {
        if (key == null) {
            return "(no key)";
        }
        String shown = key.length() <= 100 ? key : key.substring(0, 100) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
