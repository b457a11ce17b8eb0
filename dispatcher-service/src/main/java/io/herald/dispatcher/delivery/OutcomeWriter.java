package io.herald.dispatcher.delivery;

import io.herald.contract.kafka.ResignHeader;
import io.herald.contract.kafka.Topics;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.OrderingState;
import io.herald.schema.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes the outcome of a try: the attempt to {@code herald.attempts} (a RESIGN one with {@link ResignHeader}), and the retry to
 * {@code herald.retry.<tier>} or the dead letter to {@code herald.dead-letters}, all keyed by
 * notification id (but a wait in an ordered channel, keyed by channel). {@link #send} does not wait; its caller waits for the broker's acknowledgement
 * ({@link Written#await()}) before the listener's offset is committed, so the offset moves only after the outcome
 * is safe; on failure the record is redelivered.
 */
public class OutcomeWriter {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration ackTimeout;

    public OutcomeWriter(KafkaTemplate<String, Object> kafka, Topics topics, Duration ackTimeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.ackTimeout = ackTimeout;
    }

    /** The topic the decision is written to, or {@code null} when there is nothing to write. */
    public String topicOf(Decision decision) {
        return switch (decision) {
            case Decision.Done done -> null;
            case Decision.Retry retry -> topics.retry(retry.tier());
            case Decision.GiveUp giveUp -> topics.deadLetters();
            case Decision.Reroute reroute -> topics.retry(0);
        };
    }

    /**
     * Sends the outcome without waiting; {@link Written#await()} waits for the acknowledgement. Never throws: a
     * record the producer refuses at once (serialization, registry, no buffer space within {@code max.block.ms})
     * makes {@code await} throw like one the broker did not acknowledge.
     */
    public Written send(DeliveryAttempt attempt, Decision decision) {
        return send(attempt, decision, Optional.empty());
    }

    /**
     * As {@link #send(DeliveryAttempt, Decision)}, with the new state of the try's ordered channel, if it changed, to
     * {@code herald.ordering} (keyed by channel): acknowledged with the rest, so it is safe before the offset moves.
     */
    public Written send(DeliveryAttempt attempt, Decision decision, Optional<OrderingState> ordering) {
        String key = attempt.getNotificationId();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        try {
            sends.add(kafka.send(attemptRecord(key, attempt)));
            switch (decision) {
                case Decision.Done done -> {}
                case Decision.Retry retry -> sends.add(kafka.send(topicOf(decision), retryKey(attempt), retry.retry()));
                case Decision.GiveUp giveUp -> sends.add(kafka.send(topicOf(decision), key, giveUp.deadLetter()));
                case Decision.Reroute reroute -> sends.add(kafka.send(topicOf(decision), key, reroute.retry()));
            }
            ordering.ifPresent(state -> sends.add(kafka.send(topics.ordering(), state.getChannel(), state)));
        } catch (RuntimeException e) {
            sends.add(CompletableFuture.failedFuture(e));
        }
        return new Written(attempt, CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    }

    /**
     * A retry's key: its notification id, so retries spread over the tier's partitions; a wait in an ordered channel's
     * order is keyed by channel instead, so the channel's waiting notifications stay in one partition, in order.
     */
    private static String retryKey(DeliveryAttempt attempt) {
        return NotSentCause.waitsInOrder(attempt.getNotSentCause())
                ? attempt.getChannel()
                : attempt.getNotificationId();
    }

    private ProducerRecord<String, Object> attemptRecord(String key, DeliveryAttempt attempt) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topics.attempts(), key, attempt);
        if (attempt.getOutcome() == Outcome.RESIGN) {
            ResignHeader.add(record.headers(), attempt.getChannel());
        }
        return record;
    }

    /** The outcome records of one try, on their way to the broker. */
    public final class Written {
        private final DeliveryAttempt attempt;
        private final CompletableFuture<Void> acks;

        private Written(DeliveryAttempt attempt, CompletableFuture<Void> acks) {
            this.attempt = attempt;
            this.acks = acks;
        }

        /**
         * Waits up to the ack timeout for the broker to acknowledge every record.
         *
         * @throws OutcomeNotWrittenException when it did not; the signed record must be processed again
         */
        public void await() throws InterruptedException {
            try {
                acks.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new OutcomeNotWrittenException(attempt, e.getCause());
            } catch (TimeoutException e) {
                throw new OutcomeNotWrittenException(attempt, e);
            }
        }
    }

    /** The broker did not acknowledge the outcome of a try; the signed record must be processed again. */
    public static class OutcomeNotWrittenException extends RuntimeException {
        OutcomeNotWrittenException(DeliveryAttempt attempt, Throwable cause) {
            super(
                    "outcome of notification " + attempt.getNotificationId() + " attempt " + attempt.getAttempt()
                            + " not acknowledged by Kafka: " + cause,
                    cause);
        }
    }
}
