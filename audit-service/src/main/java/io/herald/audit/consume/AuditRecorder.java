package io.herald.audit.consume;

import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AuditStore;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.RejectedNotification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records consumed lifecycle events in the audit store; the one service every topic listener hands its events to.
 * Returns once the events are committed, so the listener's offsets are committed only after the write.
 */
@Service
public class AuditRecorder {

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

    private final AuditStore store;

    public AuditRecorder(AuditStore store) {
        this.store = store;
    }

    /** @return false when the event was already recorded */
    public boolean record(AcceptedNotification accepted) {
        return record(AuditEvents.accepted(accepted));
    }

    /** @return false when the event was already recorded */
    public boolean record(RejectedNotification rejected) {
        return record(AuditEvents.rejected(rejected));
    }

    /** @return false when the event was already recorded */
    public boolean record(DeliveryAttempt attempt) {
        return record(AuditEvents.attempt(attempt));
    }

    /** @return false when the event was already recorded */
    public boolean record(DeadLetter deadLetter) {
        return record(AuditEvents.deadLetter(deadLetter));
    }

    /**
     * Records one poll's records with JDBC batches in one transaction. A record that could not be decoded arrives with a
     * null value (the container's error-handling deserializer) and is logged and skipped. When the batch fails for a
     * reason other than the database being unavailable, its records are recorded one by one so only a record the
     * database refuses is skipped (and logged); a database outage propagates, and the container retries the whole batch
     * until it is stored ({@link ConsumerErrorHandling}).
     *
     * @return how many events were new
     */
    public <T> int recordBatch(List<ConsumerRecord<String, T>> records, Function<T, AuditEvent> toEvent) {
        List<AuditEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, T> record : records) {
            if (record.value() == null) {
                log.error("skipped undecodable record {}-{}@{}", record.topic(), record.partition(), record.offset());
                continue;
            }
            events.add(toEvent.apply(record.value()));
        }
        try {
            return store.recordAll(events);
        } catch (RuntimeException e) {
            if (ConsumerErrorHandling.databaseUnavailable(e)) {
                throw e;
            }
            log.warn("batch of {} events could not be stored ({}); storing them one by one", events.size(),
                    e.getClass().getSimpleName());
        }
        int added = 0;
        for (AuditEvent event : events) {
            try {
                added += store.record(event) ? 1 : 0;
            } catch (RuntimeException e) {
                if (ConsumerErrorHandling.databaseUnavailable(e)) {
                    throw e;
                }
                log.error("skipped {} event of notification {} that cannot be stored: {}", event.event().kind(),
                        event.event().notificationId(), e.getClass().getSimpleName());
            }
        }
        return added;
    }

    private boolean record(AuditEvent event) {
        boolean added = store.record(event);
        if (!added) {
            log.debug("{} event of notification {} (attempt {}) already recorded; skipped", event.event().kind(),
                    event.event().notificationId(), event.event().attempt());
        }
        return added;
    }
}
