package io.herald.audit.store;

/** A consumed event as audit stores it: one timeline row plus what it changes on its notification. */
public record AuditEvent(EventRecord event, NotificationChange notification) {

    public AuditEvent {
        if (!event.notificationId().equals(notification.id())) {
            throw new IllegalArgumentException("event and notification change name different notifications: "
                    + event.notificationId() + " and " + notification.id());
        }
    }
}
