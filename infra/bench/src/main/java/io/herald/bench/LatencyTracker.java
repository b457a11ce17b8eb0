package io.herald.bench;

import io.herald.sandbox.ReceivedRequest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Publish-to-receipt latency of the notifications the sandbox accepted. Both times are {@link System#nanoTime()} of
 * this JVM (the sandbox runs in it), so they share one clock. The send time is the INTENDED one: at a fixed rate a
 * notification due at t is measured from t even when the publisher got to it late, so a stall shows in the percentiles
 * instead of hiding (no coordinated omission). Only a notification's first accepted receipt counts.
 */
final class LatencyTracker {

    static final String WEBHOOK_ID_PREFIX = "msg_";

    private final String idPrefix;
    private final int count;
    private final AtomicLongArray intendedNanos;
    private final AtomicLongArray receiptNanos;
    private final AtomicIntegerArray seen;
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
    private final CountDownLatch remaining;
    private final LongAdder duplicates = new LongAdder();
    private final Map<String, LongAdder> rejectedByVerdict = new ConcurrentHashMap<>();
    private final AtomicLong lastReceiptNanos = new AtomicLong(Long.MIN_VALUE);

    LatencyTracker(String idPrefix, int count) {
        this.idPrefix = idPrefix;
        this.count = count;
        this.intendedNanos = new AtomicLongArray(count);
        this.receiptNanos = new AtomicLongArray(count);
        this.seen = new AtomicIntegerArray(count);
        this.remaining = new CountDownLatch(count);
    }

    int count() {
        return count;
    }

    /** The notification id of sequence number {@code i}. */
    String notificationId(int i) {
        return idPrefix + i;
    }

    String idPrefix() {
        return idPrefix;
    }

    /** Records when notification {@code i} was meant to be published. */
    void sent(int i, long intendedNanos) {
        this.intendedNanos.set(i, intendedNanos);
    }

    /**
     * Takes a receipt if it carries one of this tracker's notifications. Only the first accepted one counts; later ones
     * are at-least-once duplicates, and rejected ones (e.g. a stale signature the dispatcher then retries) are counted
     * by verdict.
     *
     * @return false when the request is not one of ours
     */
    boolean received(ReceivedRequest request, long nowNanos) {
        int i = sequence(webhookId(request.headers()));
        if (i < 0) {
            return false;
        }
        if (!"ok".equals(request.verdict())) {
            rejectedByVerdict
                    .computeIfAbsent(request.verdict(), v -> new LongAdder())
                    .increment();
            return true;
        }
        if (!seen.compareAndSet(i, 0, 1)) {
            duplicates.increment();
            return true;
        }
        receiptNanos.set(i, nowNanos);
        long intended = intendedNanos.get(i);
        latencyMicros.recordValue(Math.max(0, nowNanos - intended) / 1_000);
        lastReceiptNanos.accumulateAndGet(nowNanos, Math::max);
        remaining.countDown();
        return true;
    }

    /** Waits until every notification arrived or the deadline ({@link System#nanoTime()}) passed; true when all did. */
    boolean awaitAll(long deadlineNanos) throws InterruptedException {
        return remaining.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    long delivered() {
        return count - remaining.getCount();
    }

    long duplicates() {
        return duplicates.sum();
    }

    Map<String, Long> rejectedByVerdict() {
        Map<String, Long> copy = new TreeMap<>();
        rejectedByVerdict.forEach((verdict, n) -> copy.put(verdict, n.sum()));
        return copy;
    }

    /** Nanos of the last first receipt, or {@code Long.MIN_VALUE} when none came. */
    long lastReceiptNanos() {
        return lastReceiptNanos.get();
    }

    /** When each notification that arrived was first accepted, in arrival order. */
    long[] receiptTimes() {
        return IntStream.range(0, count)
                .filter(i -> seen.get(i) == 1)
                .mapToLong(receiptNanos::get)
                .sorted()
                .toArray();
    }

    /** A copy of the latency histogram, in microseconds. */
    Histogram latencyMicros() {
        return latencyMicros.copy();
    }

    /**
     * The sequence number in {@code msg_<prefix><n>} (the Standard Webhooks signer sends
     * {@code msg_<notification id>}), or -1 when the id is not one of ours.
     */
    int sequence(String webhookId) {
        if (webhookId == null || !webhookId.startsWith(WEBHOOK_ID_PREFIX + idPrefix)) {
            return -1;
        }
        try {
            int i = Integer.parseInt(webhookId.substring(WEBHOOK_ID_PREFIX.length() + idPrefix.length()));
            return i >= 0 && i < count ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** HTTP header names arrive in whatever case the server normalised them to. */
    static String webhookId(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("webhook-id")) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * Receipts that came before an earlier-published notification of their channel (notification {@code i} went to
     * channel {@code i % channels}, one publisher in order): what an ordered channel must keep at zero.
     */
    long outOfOrder(int channels) {
        int n = receiptNanos.length();
        Integer[] byReceipt = IntStream.range(0, n)
                .filter(i -> seen.get(i) == 1)
                .boxed()
                .sorted(Comparator.comparingLong(receiptNanos::get))
                .toArray(Integer[]::new);
        int[] highest = new int[channels];
        Arrays.fill(highest, -1);
        long outOfOrder = 0;
        for (int i : byReceipt) {
            int channel = i % channels;
            if (i < highest[channel]) {
                outOfOrder++;
            } else {
                highest[channel] = i;
            }
        }
        return outOfOrder;
    }
}
