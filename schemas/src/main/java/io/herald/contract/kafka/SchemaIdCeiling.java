package io.herald.contract.kafka;

import java.util.function.LongSupplier;

/**
 * The highest schema id the registry can know, so a flood of made-up schema ids costs one registry call a second, not
 * one per id. Sound because Apicurio hands out content ids (those in Herald's records) and global ids from sequences
 * that never go back, and a content is only made with a version: no content id exceeds the highest global id, which a
 * version search ordered by global id answers.
 */
final class SchemaIdCeiling {

    static final long MARGIN = 10_000;
    static final long REFRESH_NANOS = 1_000_000_000L;
    static final long RETRY_AFTER_FAILURE_NANOS = 10_000_000_000L;

    private final LongSupplier highestGlobalId;
    private final LongSupplier nanoTime;
    private long ceiling = -1;
    private long nextRefresh;

    SchemaIdCeiling(LongSupplier highestGlobalId, LongSupplier nanoTime) {
        this.highestGlobalId = highestGlobalId;
        this.nanoTime = nanoTime;
        this.nextRefresh = nanoTime.getAsLong();
    }

    /**
     * True when no schema of the registry can have this id: no need to ask for it. An id more than {@link #MARGIN}
     * above the last answer would need that many versions registered within a second. While the ceiling has never been
     * answered, every id is looked up one by one; while the registry cannot be asked, the last answer stays in use.
     */
    synchronized boolean isAbove(long schemaId) {
        if (schemaId < 0) {
            return true; // ids are handed out from 1 up
        }
        if (ceiling >= 0 && schemaId <= ceiling + MARGIN) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (now - nextRefresh >= 0) {
            try {
                ceiling = highestGlobalId.getAsLong();
                nextRefresh = now + REFRESH_NANOS;
            } catch (RuntimeException e) {
                // the lookup of the id itself says whether the registry is down
                nextRefresh = now + RETRY_AFTER_FAILURE_NANOS;
                return false;
            }
        }
        return ceiling >= 0 && schemaId > ceiling + MARGIN;
    }
}
