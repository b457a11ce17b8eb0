package io.herald.audit.consume;

import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AuditStore;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.RejectedNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records consumed lifecycle events in the audit store; the one service every topic listener hands its event to.
 * Returns once the event is committed, so the listener's offset is committed only after the write.
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

    private boolean record(AuditEvent event) {
        boolean added = store.record(event);
        if (!added) {
            log.debug("{} event of notification {} (attempt {}) already recorded; skipped", event.event().kind(),
                    event.event().notificationId(), event.event().attempt());
        }
        return added;
    }
}
