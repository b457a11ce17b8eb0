package io.herald.audit.replay;

import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a notification the audit made (a replay, a channel test) on the normal path: writes it to
 * {@code herald.accepted}, key = its channel (the order and rate limit of one channel stay in one partition), and waits
 * for the broker's acknowledgement ({@code acks=all}) within {@code herald.kafka.send-timeout}, from which the
 * producer's delivery timeout is derived: a notification reported as not acknowledged is not written later.
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
        try {
            kafka.send(topics.accepted(), notification.getChannel(), notification)
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledgedException(e);
        } catch (ExecutionException e) {
            throw new NotAcknowledgedException(e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw new NotAcknowledgedException(e);
        }
    }

    /** The broker did not acknowledge; the cause says why. Its message is the cause's kind, never the content. */
    public static final class NotAcknowledgedException extends Exception {

        NotAcknowledgedException(Throwable cause) {
            super(cause.getClass().getSimpleName(), cause, false, false);
        }

        /** True when the wait was interrupted rather than answered or timed out. */
        public boolean interrupted() {
            return getCause() instanceof InterruptedException;
        }
    }
}
