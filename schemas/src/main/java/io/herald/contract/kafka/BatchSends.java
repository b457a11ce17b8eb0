package io.herald.contract.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The output records of one poll's input records, sent without waiting and acknowledged together: a listener sends
 * what each input record produces (tagged with its index in the poll), then calls {@link #awaitAcks()} once. Waiting
 * for {@code acks=all} per record caps a consumer thread at one broker round trip per record; once per poll lets the
 * producer batch. One instance per poll, used by the consumer thread only.
 */
public final class BatchSends {

    private record Pending(int index, String topic, CompletableFuture<?> ack) {}

    private final KafkaOperations<String, Object> kafka;
    private final Duration timeout;
    private final List<Pending> pending = new ArrayList<>();

    /**
     * @param kafka where records are sent
     * @param timeout the longest {@link #awaitAcks()} waits for all of them together; see
     *     {@link HeraldKafkaProperties#sendTimeout()}, which also bounds the producer's {@code delivery.timeout.ms}
     */
    public BatchSends(KafkaOperations<String, Object> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /**
     * Sends {@code value} without waiting, as output of input record {@code index}. Never throws: a record the
     * producer refuses at once (serialization, schema registry, no metadata) fails {@link #awaitAcks()} at
     * {@code index} like one the broker did not acknowledge.
     *
     * @param index the input record's index in the poll; never lower than an index given before
     */
    public void send(int index, String topic, String key, Object value) {
        CompletableFuture<?> ack;
        try {
            ack = kafka.send(topic, key, value);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        add(index, topic, ack);
    }

    /** Adds an acknowledgement of a record sent elsewhere, as output of input record {@code index}. */
    public void add(int index, String topic, CompletableFuture<?> ack) {
        if (index < 0 || (!pending.isEmpty() && index < pending.getLast().index())) {
            throw new IllegalArgumentException("input index " + index + " after "
                    + pending.getLast().index() + ": outputs must be added in input order");
        }
        pending.add(new Pending(index, topic, ack));
    }

    /** How many records were sent. */
    public int size() {
        return pending.size();
    }

    /**
     * Waits, once for all and at most the timeout, until the broker acknowledged every record sent; returns
     * normally when it did.
     *
     * <p>At-least-once: the error handler commits only the offsets before the named record and redelivers it and
     * everything after it; outputs of later records that were written anyway become visible duplicates.
     *
     * @throws NotAcknowledgedException naming the first input record with an output that was not acknowledged
     *     (failed, or not acknowledged in time); every input record before it had all its outputs acknowledged
     */
    public void awaitAcks() {
        long deadline = System.nanoTime() + timeout.toNanos();
        // in input order: the first failure found is the lowest index; later ones need no wait
        for (Pending send : pending) {
            try {
                send.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new NotAcknowledgedException(
                        "could not write to " + send.topic() + ": " + rootCause(cause), cause, send.index());
            } catch (TimeoutException e) {
                throw new NotAcknowledgedException(
                        "no acknowledgement from the broker for " + send.topic() + " within " + timeout,
                        e,
                        send.index());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledgedException("interrupted while waiting for the broker", e, send.index());
            }
        }
    }

    /**
     * The failure to throw when input record {@code index} failed before its outputs were all sent (e.g. it is
     * unreadable, or its processing threw {@code cause}): first waits for what earlier records sent, so that
     * their offsets can be committed. Returns a failure at {@code index}, or at an earlier record whose output
     * was not acknowledged.
     */
    public BatchListenerFailedException failedAt(int index, Throwable cause) {
        pending.removeIf(send -> send.index() >= index); // not awaited: the record is redelivered anyway
        try {
            awaitAcks();
        } catch (NotAcknowledgedException earlier) {
            return earlier;
        }
        return new BatchListenerFailedException(cause.getMessage(), cause, index);
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /**
     * The broker did not acknowledge an output of input record {@link #getIndex()} (or it could not be sent). A
     * {@link BatchListenerFailedException}, so the error handler commits the records before it and retries from
     * it; retryable unless its cause is classified otherwise.
     */
    public static class NotAcknowledgedException extends BatchListenerFailedException {

        public NotAcknowledgedException(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }
}
