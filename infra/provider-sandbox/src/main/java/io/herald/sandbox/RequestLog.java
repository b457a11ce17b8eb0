package io.herald.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The bounded, thread-safe record of received requests, oldest first; when full, the oldest is dropped. */
final class RequestLog {

    private final int capacity;
    private final Deque<ReceivedRequest> records = new ArrayDeque<>();

    RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(ReceivedRequest request) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(request);
    }

    synchronized List<ReceivedRequest> snapshot() {
        return List.copyOf(records);
    }

    synchronized void clear() {
        records.clear();
    }
}
