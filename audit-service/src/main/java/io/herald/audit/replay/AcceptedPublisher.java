package io.herald.audit.replay;

import io.herald.contract.kafka.CallerWaitTimeouts;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a notification the audit made (a replay, a channel test, an operator notice) on the normal path: writes it to
 * {@code herald.accepted}, key = its channel (the order and rate limit of one channel stay in one partition), and waits
 * for the broker's acknowledgement ({@code acks=all}) within {@code herald.kafka.send-timeout}. The audit's producer
 * waits less than that ({@link ReplayConfiguration}): a notification reported as not acknowledged is not written later.
 */
@Component
public class AcceptedPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration sendTimeout;

    AcceptedPublisher(KafkaTemplate<String, Object> kafka, Topics topics, HeraldKafkaProperties kafkaProperties) {
        this.kafka = kafka;
        this.topics = topics;
        this.sendTimeout = kafkaProperties.sendTimeout();
    }

    /**
     * Returns once the broker acknowledged {@code notification}.
     *
     * @throws NotAcknowledgedException the broker answered with an error, did not answer in time, or the wait was
     *     interrupted (the thread's interrupt flag is set again)
     */
    public void publish(AcceptedNotification notification) throws NotAcknowledgedException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            CallerWaitTimeouts.await(
                    kafka.send(topics.accepted(), notification.getChannel(), notification), deadline, sendTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledgedException(e, "interrupted while waiting for the broker");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new NotAcknowledgedException(cause, refusal(cause));
        } catch (TimeoutException e) {
            throw new NotAcknowledgedException(e, "no acknowledgement within " + sendTimeout.multipliedBy(2));
        } catch (RuntimeException e) {
            // refused before it was sent: no metadata or buffer space within max.block.ms, or not serializable
            throw new NotAcknowledgedException(e, refusal(e));
        }
    }

    /** Why the broker or the producer refused, in words (never a class name: it reaches API answers). */
    private static String refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return "the broker could not be reached in time";
            }
            if (t instanceof AuthorizationException) {
                return "the broker refused the write: not authorized";
            }
            if (t instanceof RecordTooLargeException) {
                return "the notification is larger than the broker accepts";
            }
            if (t instanceof SerializationException) {
                return "the notification could not be serialized (is the schema registry reachable?)";
            }
        }
        return "the broker answered with an error";
    }

    /** The broker did not acknowledge; the message says why in words, the cause is kept for logs and traces. */
    public static final class NotAcknowledgedException extends Exception {

        NotAcknowledgedException(Throwable cause, String reason) {
            super(reason, cause, false, false);
        }

        /** True when the wait was interrupted rather than answered or timed out. */
        public boolean interrupted() {
            return getCause() instanceof InterruptedException;
        }
    }
}
