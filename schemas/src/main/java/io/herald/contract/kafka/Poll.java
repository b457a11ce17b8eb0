package io.herald.contract.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * One poll of a batch listener, read by {@link MalformedRecords#read}: the records that hold the expected type, the
 * malformed ones (already logged and counted; the listener skips or rejects them in the same batch, at full speed),
 * and where reading had to stop because the schema registry could not be asked. Records from that point on are
 * left out; the listener processes what came before and then throws {@link #stop()}, so the container commits up to
 * it and retries it with back-off, until the registry answers.
 */
public final class Poll<T> {

    /** A record that holds the expected type. */
    public record Item<T>(int index, ConsumerRecord<?, ?> record, T value) {}

    private final List<Item<T>> readable = new ArrayList<>();
    private final List<MalformedRecord> malformed = new ArrayList<>();
    private int stopIndex = -1;
    private String stopReason;

    void add(Item<T> item) {
        readable.add(item);
    }

    void add(MalformedRecord record) {
        malformed.add(record);
    }

    void stopAt(int index, String reason) {
        stopIndex = index;
        stopReason = reason;
    }

    /** The readable records, in poll order. */
    public List<Item<T>> readable() {
        return Collections.unmodifiableList(readable);
    }

    /** Their values, in poll order. */
    public List<T> values() {
        return readable.stream().map(Item::value).toList();
    }

    /** The malformed records before the stop, in poll order. */
    public List<MalformedRecord> malformed() {
        return Collections.unmodifiableList(malformed);
    }

    /** True when reading stopped at a record the registry could not be asked about. */
    public boolean stopped() {
        return stopIndex >= 0;
    }

    /** The index reading stopped at, or -1. */
    public int stopIndex() {
        return stopIndex;
    }

    /** Throws {@link #stop()} when reading stopped; call it after the records before the stop were processed. */
    public void throwIfStopped() {
        if (stopped()) {
            throw stop();
        }
    }

    /** The failure that has the container retry from the stop, with back-off, committing what came before. */
    public BatchListenerFailedException stop() {
        if (!stopped()) {
            throw new IllegalStateException("the poll was read to its end");
        }
        return new BatchListenerFailedException(stopReason, new RegistryUnavailableException(stopReason), stopIndex);
    }

    /** The schema registry could not be asked about a record; retried, never skipped. */
    public static final class RegistryUnavailableException extends RuntimeException {

        RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
