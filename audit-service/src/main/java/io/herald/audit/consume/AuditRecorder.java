package io.herald.audit.consume;

import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AuditStore;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.Poll;
import io.herald.contract.tracing.RecordTrace;
import io.herald.contract.tracing.RecordTracing;
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
 * Returns once the events are committed, so the listener's offsets are committed only after the write; then tells the
 * {@link RecordedEventsListener}s (operator events).
 */
@Service
public class AuditRecorder {

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

    private static final String LISTENER_ID = "herald-audit";

    private final AuditStore store;
    private final MalformedRecords malformedRecords;
    private final RecordTracing tracing;
    private final List<RecordedEventsListener> listeners;

    public AuditRecorder(
            AuditStore store,
            MalformedRecords malformedRecords,
            RecordTracing tracing,
            List<RecordedEventsListener> listeners) {
        this.store = store;
        this.malformedRecords = malformedRecords;
        this.tracing = tracing;
        this.listeners = List.copyOf(listeners);
    }

    /** @return false when the event was already recorded */
    public boolean record(AcceptedNotification accepted) {
        boolean added = record(AuditEvents.accepted(accepted));
        tell(List.of(accepted));
        return added;
    }

    /** @return false when the event was already recorded */
    public boolean record(RejectedNotification rejected) {
        boolean added = record(AuditEvents.rejected(rejected));
        tell(List.of(rejected));
        return added;
    }

    /** @return false when the event was already recorded */
    public boolean record(DeliveryAttempt attempt) {
        boolean added = record(AuditEvents.attempt(attempt));
        tell(List.of(attempt));
        return added;
    }

    /** @return false when the event was already recorded */
    public boolean record(DeadLetter deadLetter) {
        boolean added = record(AuditEvents.deadLetter(deadLetter));
        tell(List.of(deadLetter));
        return added;
    }

    /**
     * Records one poll's records with JDBC batches in one transaction. A record that cannot be read is skipped (logged
     * and counted by {@link MalformedRecords}); one the schema registry could not be asked about stops the poll there:
     * the records before it are stored, and the container retries from it. When the batch fails for a
     * reason other than the database being unavailable, its records are recorded one by one so only a record the
     * database refuses is skipped (and logged); a database outage propagates, and the container retries the whole batch
     * until it is stored ({@link ConsumerErrorHandling}). Each record is traced ({@link RecordTracing}) until its
     * event is stored, and its trace id is kept with its notification.
     *
     * @return how many events were new
     */
    public <T> int recordBatch(
            List<ConsumerRecord<String, Object>> records, Class<T> type, Function<T, AuditEvent> toEvent) {
        return recordBatch(records, type, Poll::values, toEvent);
    }

    /** @param values the poll's readable values as they are recorded (e.g. with the broker's time) */
    public <T> int recordBatch(
            List<ConsumerRecord<String, Object>> records,
            Class<T> type,
            Function<Poll<T>, List<T>> values,
            Function<T, AuditEvent> toEvent) {
        Poll<T> poll = malformedRecords.read(records, type, "skipped");
        List<T> readable = values.apply(poll);
        List<AuditEvent> events = new ArrayList<>(readable.size());
        List<RecordTrace> traces = new ArrayList<>(readable.size());
        for (int i = 0; i < readable.size(); i++) {
            AuditEvent event = toEvent.apply(readable.get(i));
            RecordTrace trace = tracing.start(
                    LISTENER_ID, poll.readable().get(i).record(), event.event().notificationId());
            traces.add(trace);
            events.add(event.withTraceId(trace.traceId()));
        }
        int added;
        try {
            added = store(events);
        } catch (RuntimeException e) {
            traces.forEach(trace -> trace.end(e));
            throw e;
        } finally {
            traces.forEach(RecordTrace::end);
        }
        tell(readable);
        poll.throwIfStopped();
        return added;
    }

    private void tell(List<?> values) {
        if (!values.isEmpty()) {
            listeners.forEach(listener -> listener.recorded(values));
        }
    }

    private int store(List<AuditEvent> events) {
        try {
            return store.recordAll(events);
        } catch (RuntimeException e) {
            if (ConsumerErrorHandling.databaseUnavailable(e)) {
                throw e;
            }
            log.warn(
                    "batch of {} events could not be stored ({}); storing them one by one",
                    events.size(),
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
                log.error(
                        "skipped {} event of notification {} that cannot be stored: {}",
                        event.event().kind(),
                        event.event().notificationId(),
                        e.getClass().getSimpleName());
            }
        }
        return added;
    }

    private boolean record(AuditEvent event) {
        boolean added = store.record(event);
        if (!added) {
            log.debug(
                    "{} event of notification {} (attempt {}) already recorded; skipped",
                    event.event().kind(),
                    event.event().notificationId(),
                    event.event().attempt());
        }
        return added;
    }
}
