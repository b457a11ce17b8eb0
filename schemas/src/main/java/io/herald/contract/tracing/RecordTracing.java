package io.herald.contract.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Starts one observation per record a batch listener processes, continuing the trace whose W3C context the record's
 * producer put in its headers (a new trace when there is none). Spring Kafka observes record listeners only; Herald's
 * listeners take whole polls, so each service opens the record's {@link RecordTrace} around the work done for it, and
 * the records it sends there carry the same trace on (the Kafka templates observe their sends).
 */
public final class RecordTracing {

    /** The span tag (and log field) naming the notification a record is about. */
    public static final String NOTIFICATION_ID = "herald.notification.id";

    private final ObservationRegistry registry;

    public RecordTracing(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Without observations (unit tests). */
    public static RecordTracing none() {
        return new RecordTracing(ObservationRegistry.NOOP);
    }

    /**
     * Starts the observation of processing {@code record} in the listener {@code listenerId}.
     *
     * @param notificationId the notification the record is about, tagged on the span and put in log lines
     */
    public RecordTrace start(String listenerId, ConsumerRecord<?, ?> record, String notificationId) {
        Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION.observation(
                null,
                DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, listenerId, () -> null),
                registry);
        if (notificationId != null) {
            observation.highCardinalityKeyValue(NOTIFICATION_ID, notificationId);
        }
        return new RecordTrace(observation.start(), notificationId);
    }
}
