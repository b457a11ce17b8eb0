package io.herald.bench.chaos;

import io.herald.sandbox.ReceivedRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the provider sandbox saw of each notification, fed by {@link io.herald.sandbox.ProviderSandbox#onReceipt}: the
 * Standard Webhooks signer sends {@code webhook-id: msg_<notification id>}, so every request names its notification.
 * A request the sandbox accepted (verdict {@code ok}, or {@code ok, fault injected: delayed …}: the provider processed
 * it, however slowly it answered) is a delivery; a second one of the same id is a duplicate. A request answered by an
 * injected fault ({@code fault injected …}) never reached the provider; any other verdict is a rejection (e.g. a
 * signature outside its time window). Times are {@link System#nanoTime()} of this JVM, the clock the load uses too.
 */
final class ReceiptLedger {

    static final String WEBHOOK_ID_PREFIX = "msg_";

    /** One notification's receipts at the sandbox. */
    static final class Receipts {
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger faulted = new AtomicInteger();
        private final AtomicInteger rejected = new AtomicInteger();
        private final AtomicLong firstAcceptedNanos = new AtomicLong(Long.MIN_VALUE);

        int accepted() {
            return accepted.get();
        }

        int faulted() {
            return faulted.get();
        }

        int rejected() {
            return rejected.get();
        }

        /** When the sandbox first accepted it, or {@code Long.MIN_VALUE} when it never did. */
        long firstAcceptedNanos() {
            return firstAcceptedNanos.get();
        }
    }

    private static final Receipts NONE = new Receipts();

    private final Map<String, Receipts> byId = new ConcurrentHashMap<>();

    /** Records one request the sandbox received; requests that carry no webhook id are not ours and are ignored. */
    void record(ReceivedRequest request, long nowNanos) {
        String webhookId = webhookId(request.headers());
        if (webhookId == null || !webhookId.startsWith(WEBHOOK_ID_PREFIX)) {
            return;
        }
        Receipts receipts = byId.computeIfAbsent(webhookId.substring(WEBHOOK_ID_PREFIX.length()), id -> new Receipts());
        String verdict = request.verdict() == null ? "" : request.verdict();
        if (verdict.equals("ok") || verdict.startsWith("ok,")) {
            receipts.firstAcceptedNanos.compareAndSet(Long.MIN_VALUE, nowNanos);
            receipts.accepted.incrementAndGet();
        } else if (verdict.startsWith("fault injected")) {
            receipts.faulted.incrementAndGet();
        } else {
            receipts.rejected.incrementAndGet();
        }
    }

    /** The receipts of a notification id (all zero when the sandbox never saw it). */
    Receipts of(String notificationId) {
        return byId.getOrDefault(notificationId, NONE);
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
}
