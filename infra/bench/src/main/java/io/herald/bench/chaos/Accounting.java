package io.herald.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Where every notification a scenario published ended up, from the two places a user would look: the audit store
 * (final status) and the provider sandbox (what actually arrived, and how often).
 *
 * @param published       notifications the broker acknowledged or ingest accepted
 * @param delivered       DELIVERED in the audit store
 * @param deadLettered    DEAD_LETTERED in the audit store
 * @param rejected        REJECTED by ingest (the load only sends valid requests: never right)
 * @param stuck           neither final nor rejected: ACCEPTED or RETRYING, or unknown to the audit store
 * @param duplicateIds    notifications the sandbox accepted more than once (the same webhook-id)
 * @param extraReceipts   accepted receipts beyond the first, over all notifications
 * @param faultedReceipts requests answered by an injected fault (they never reached the provider)
 * @param rejectedReceipts requests the sandbox rejected (e.g. a signature outside its window)
 * @param phantoms        DELIVERED in the audit store but never accepted by the sandbox
 * @param recovery        from the end of the fault until the sandbox had every notification published before then
 *                        that was not dead-lettered; empty when some never arrived
 * @param latencyP99      publish-to-first-receipt, 99th percentile, over the notifications that arrived
 * @param latencyMax      the same, maximum
 * @param duplicates      the ids of {@code duplicateIds}, for the timeline check
 */
record Accounting(
        long published,
        long delivered,
        long deadLettered,
        long rejected,
        long stuck,
        long duplicateIds,
        long extraReceipts,
        long faultedReceipts,
        long rejectedReceipts,
        long phantoms,
        Optional<Duration> recovery,
        Duration latencyP99,
        Duration latencyMax,
        List<String> duplicates) {

    Accounting {
        duplicates = List.copyOf(duplicates);
    }

    /**
     * @param published     send time ({@link System#nanoTime()}) of each published notification, by id
     * @param statuses      audit status by id (ids of other scenarios or never published are ignored)
     * @param ledger        the sandbox's receipts
     * @param faultEndNanos when the fault ended (a kill: when it was done)
     */
    static Accounting of(
            Map<String, Long> published, Map<String, String> statuses, ReceiptLedger ledger, long faultEndNanos) {
        long delivered = 0;
        long deadLettered = 0;
        long rejected = 0;
        long stuck = 0;
        long duplicateIds = 0;
        long extra = 0;
        long faulted = 0;
        long rejectedReceipts = 0;
        long phantoms = 0;
        boolean recovered = true;
        long lastBacklogReceipt = faultEndNanos;
        Histogram latencyMicros = new Histogram(3);
        List<String> duplicates = new ArrayList<>();
        for (Map.Entry<String, Long> entry : published.entrySet()) {
            String id = entry.getKey();
            String status = statuses.getOrDefault(id, "UNKNOWN");
            ReceiptLedger.Receipts receipts = ledger.of(id);
            switch (status) {
                case "DELIVERED" -> delivered++;
                case "DEAD_LETTERED" -> deadLettered++;
                case "REJECTED" -> rejected++;
                default -> stuck++;
            }
            if (status.equals("DELIVERED") && receipts.accepted() == 0) {
                phantoms++;
            }
            if (receipts.accepted() > 1) {
                duplicateIds++;
                extra += receipts.accepted() - 1;
                duplicates.add(id);
            }
            faulted += receipts.faulted();
            rejectedReceipts += receipts.rejected();
            long first = receipts.firstAcceptedNanos();
            if (first != Long.MIN_VALUE) {
                latencyMicros.recordValue(Math.max(0, first - entry.getValue()) / 1_000);
            }
            if (entry.getValue() <= faultEndNanos && !status.equals("DEAD_LETTERED")) {
                if (first == Long.MIN_VALUE) {
                    recovered = false;
                } else {
                    lastBacklogReceipt = Math.max(lastBacklogReceipt, first);
                }
            }
        }
        java.util.Collections.sort(duplicates);
        Optional<Duration> recovery =
                recovered ? Optional.of(Duration.ofNanos(lastBacklogReceipt - faultEndNanos)) : Optional.empty();
        return new Accounting(
                published.size(),
                delivered,
                deadLettered,
                rejected,
                stuck,
                duplicateIds,
                extra,
                faulted,
                rejectedReceipts,
                phantoms,
                recovery,
                micros(latencyMicros.getValueAtPercentile(99)),
                micros(latencyMicros.getMaxValue()),
                duplicates);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    /** The rule a scenario passes by: something was published, and every notification is delivered or dead-lettered. */
    boolean lossFree() {
        return published > 0 && published == delivered + deadLettered && stuck == 0;
    }
}
