package io.herald.bench;

import java.util.Map;

/**
 * Where every published notification ended up according to the audit store. Only DELIVERED and DEAD_LETTERED are
 * final; anything else (still in flight, rejected by ingest, or not in the store at all) is missing, and the
 * benchmark fails on any missing notification.
 *
 * @param expected    notifications published
 * @param delivered   DELIVERED in the audit store
 * @param deadLettered DEAD_LETTERED in the audit store
 * @param inFlight    ACCEPTED or RETRYING: not finished when the check ran
 * @param rejected    REJECTED by ingest (a benchmark bug: its requests are valid)
 * @param absent      not in the audit store at all
 */
record LossAccount(long expected, long delivered, long deadLettered, long inFlight, long rejected, long absent) {

    /** @param statusById audit status of each of our notification ids the store knows (at most {@code expected}) */
    static LossAccount of(long expected, Map<String, String> statusById) {
        long delivered = 0;
        long deadLettered = 0;
        long inFlight = 0;
        long rejected = 0;
        for (String status : statusById.values()) {
            switch (status) {
                case "DELIVERED" -> delivered++;
                case "DEAD_LETTERED" -> deadLettered++;
                case "REJECTED" -> rejected++;
                default -> inFlight++;
            }
        }
        return new LossAccount(
                expected, delivered, deadLettered, inFlight, rejected, Math.max(0, expected - statusById.size()));
    }

    /** Neither delivered nor dead-lettered. */
    long missing() {
        return expected - delivered - deadLettered;
    }

    boolean lossFree() {
        return missing() == 0;
    }
}
