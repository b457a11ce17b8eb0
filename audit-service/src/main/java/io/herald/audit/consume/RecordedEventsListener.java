package io.herald.audit.consume;

import java.util.List;

/**
 * Told of each poll's events once they are stored (the Avro values as read: {@code DeliveryAttempt}, {@code DeadLetter},
 * ...), on the listener's thread: an implementation must return at once and hand slow work elsewhere.
 */
public interface RecordedEventsListener {

    void recorded(List<?> values);
}
