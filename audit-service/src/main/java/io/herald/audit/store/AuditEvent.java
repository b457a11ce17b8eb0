package io.herald.audit.store;

/**
 * A consumed event as audit stores it: one timeline row plus what it changes on its notification, and the trace the
 * record carried (null when it carried none).
 */
public record AuditEvent(EventRecord event, NotificationChange notification, String traceId) {

    public AuditEvent(EventRecord event, NotificationChange notification) {
        this(event, notification, null);
    }

    /** This event as part of the trace {@code traceId}. */
    public AuditEvent withTraceId(String traceId) {
        return new AuditEvent(event, notification, traceId);
    }

    public AuditEvent {
        if (!event.notificationId().equals(notification.id())) {
            throw new IllegalArgumentException("event and notification change name different notifications: "
                    + event.notificationId() + " and " + notification.id());
        }
    }
}
