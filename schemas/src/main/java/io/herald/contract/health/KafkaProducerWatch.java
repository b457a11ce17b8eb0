package io.herald.contract.health;

import io.herald.contract.redaction.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the service's Kafka producers can still write, judged from the outcomes of the sends the service makes anyway
 * (reported by {@link KafkaProducerWatchInterceptor}), so a health check costs no broker round trip. Failing: the last
 * answer was an error of the producer's, not the record's, until a later send succeeds. Stalled: sends went unanswered
 * longer than Kafka ever takes while its sender thread runs, so that thread is dead until a restart.
 */
final class KafkaProducerWatch {

    /** Slack for scheduling on top of the longest time Kafka takes to answer a send. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private final Clock clock;
    private long unanswered;
    private Instant unansweredSince;
    private Duration answerWithin = Duration.ZERO;
    private String failure;
    private Instant failingSince;

    public KafkaProducerWatch(Clock clock) {
        this.clock = clock;
    }

    /** A producer was created: sends through it are answered within {@code maxBlock + deliveryTimeout}. */
    synchronized void producerCreated(Duration maxBlock, Duration deliveryTimeout) {
        Duration limit = maxBlock.plus(deliveryTimeout).plus(MARGIN);
        if (limit.compareTo(answerWithin) > 0) {
            answerWithin = limit;
        }
    }

    synchronized void sent() {
        if (unanswered++ == 0) {
            unansweredSince = clock.instant();
        }
    }

    /** The producer answered a send: written ({@code failure == null}) or not. */
    synchronized void answered(Exception failure) {
        Instant now = clock.instant();
        if (unanswered > 0) {
            unanswered--;
        }
        // measured from the last answer: while the sender runs, some send is answered within answerWithin of it
        unansweredSince = unanswered > 0 ? now : null;
        if (failure == null) {
            this.failure = null;
            failingSince = null;
        } else if (isTheProducers(failure)) {
            if (this.failure == null) {
                failingSince = now;
            }
            this.failure = describe(failure);
        }
    }

    /** The {@code kafkaProducer} component: DOWN while failing or stalled. */
    public synchronized Health readiness() {
        Map<String, Object> stall = stall();
        Health.Builder health = failure != null || !stall.isEmpty() ? Health.down() : Health.up();
        health.withDetails(stall);
        if (failure != null) {
            health.withDetail("failure", failure).withDetail("since", failingSince.toString());
        }
        return health.build();
    }

    /**
     * Details of a stalled producer, for liveness; empty while the producer answers. Kafka answers every send within
     * {@code max.block.ms + delivery.timeout.ms}, broker up or down, unless its sender thread died (e.g. of an
     * {@code OutOfMemoryError}).
     */
    public synchronized Map<String, Object> stall() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (unanswered > 0 && Duration.between(unansweredSince, clock.instant()).compareTo(answerWithin) > 0) {
            details.put("state", "stalled");
            details.put("unansweredSends", unanswered);
            details.put("since", unansweredSince.toString());
            details.put(
                    "reason",
                    "no send has been answered for longer than the producer's max.block.ms + " + "delivery.timeout.ms ("
                            + answerWithin.toSeconds() + " s): its sender thread is not running");
        }
        return details;
    }

    /**
     * Errors of the producer itself, which every later send would meet too (closed, credentials or topic writes
     * refused, idempotent session broken), as opposed to one record's (too large, unserializable, a timeout while the
     * broker is away).
     */
    static boolean isTheProducers(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException
                    || t instanceof AuthorizationException
                    // KafkaProducer: "Cannot perform operation after producer has been closed"
                    || t instanceof IllegalStateException
                    || t instanceof ProducerFencedException
                    || t instanceof OutOfOrderSequenceException
                    || t instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() != null ? failure.getMessage() : "";
        return Redaction.text(failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
    }
}
