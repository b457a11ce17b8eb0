package io.herald.dispatcher.ordering;

import io.herald.contract.kafka.RecordReadException;
import io.herald.schema.OrderingState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole of {@code herald.ordering} (compacted, small) with a consumer of no group: the latest state of every
 * ordered channel, as a dispatcher needs it when it is given channels another one delivered before, or after a crash.
 */
public class OrderingLog {

    private static final Logger log = LoggerFactory.getLogger(OrderingLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Supplier<Consumer<String, Object>> consumers;

    public OrderingLog(String topic, Supplier<Consumer<String, Object>> consumers) {
        this.topic = topic;
        this.consumers = consumers;
    }

    /**
     * Every channel's latest state, read up to the end the topic had when asked.
     *
     * @throws IllegalStateException naming what failed, when the topic could not be read to its end within the timeout
     */
    Map<String, OrderingState> readAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, OrderingState> states = new HashMap<>();
        try (Consumer<String, Object> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return states; // not created yet: nothing was written
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            int skipped = 0;
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + topic + " only partly within " + timeout);
                }
                try {
                    for (ConsumerRecord<String, Object> record : consumer.poll(POLL)) {
                        if (record.value() instanceof OrderingState state) {
                            states.put(record.key(), state);
                        } else if (record.value() == null) {
                            states.remove(record.key());
                        } else {
                            skipped++;
                        }
                    }
                } catch (RecordDeserializationException e) {
                    if (registryUnavailable(e)) {
                        throw new IllegalStateException(
                                topic + " offset " + e.offset() + ": the schema registry could not be asked", e);
                    }
                    skipped++;
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
            if (skipped > 0) {
                log.warn(
                        "Skipped {} unreadable records of {}: the channels they were about keep no saved order",
                        skipped,
                        topic);
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException("cannot read " + topic + ": " + e.getMessage(), e);
        }
        return states;
    }

    private static boolean registryUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordReadException read) {
                return read.reason() == RecordReadException.Reason.REGISTRY_UNAVAILABLE;
            }
        }
        return false;
    }
}
