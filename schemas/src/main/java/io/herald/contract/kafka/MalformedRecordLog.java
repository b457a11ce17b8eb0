package io.herald.contract.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * WARN lines for malformed records that stay readable in a flood: per topic, the first
 * {@value #LINES_PER_WINDOW} records of every {@value #WINDOW_SECONDS}-second window get a line each; the rest are
 * counted by reason and summed up in one line when the window has passed (written with the next malformed record of
 * the topic, or by {@link #flush}). Used by {@link MalformedRecords} and by the channel follower.
 */
public final class MalformedRecordLog {

    /** Lines written one by one per topic and window. */
    public static final int LINES_PER_WINDOW = 20;

    static final int WINDOW_SECONDS = 10;

    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    private final Logger log;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Writes to {@code log}, the logger of the class that reads the records. */
    public MalformedRecordLog(Logger log) {
        this.log = log;
    }

    /**
     * One malformed record of {@code topic}: its {@code line} (made only when written; never a record's secret) or,
     * past this window's lines, a count under {@code reason} (a short code such as {@code not_avro}).
     */
    public void warn(String topic, String reason, Supplier<String> line) {
        Window window = windows.computeIfAbsent(topic, Window::new);
        synchronized (window) {
            window.rollIfDue(System.nanoTime());
            if (window.written++ < LINES_PER_WINDOW) {
                log.warn(line.get());
            } else {
                window.suppressed.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** Writes the summaries of windows that have passed. */
    public void flush() {
        long now = System.nanoTime();
        for (Window window : windows.values()) {
            synchronized (window) {
                window.rollIfDue(now);
            }
        }
    }

    /** Writes every summary still pending, window passed or not (the service is stopping). */
    public void flushAll() {
        for (Window window : windows.values()) {
            synchronized (window) {
                window.rollIfDue(window.start + WINDOW_NANOS);
            }
        }
    }

    private final class Window {

        private final String topic;
        private long start = System.nanoTime();
        private int written;
        private final Map<String, AtomicLong> suppressed = new TreeMap<>();

        Window(String topic) {
            this.topic = topic;
        }

        void rollIfDue(long now) {
            if (now - start < WINDOW_NANOS) {
                return;
            }
            if (!suppressed.isEmpty()) {
                long total =
                        suppressed.values().stream().mapToLong(AtomicLong::get).sum();
                log.warn(
                        "{} more malformed records on {} in the last {} s were not logged one by one, by reason: {}",
                        total,
                        topic,
                        Math.max(WINDOW_SECONDS, (now - start) / 1_000_000_000L),
                        suppressed);
                suppressed.clear();
            }
            start = now;
            written = 0;
        }
    }
}
