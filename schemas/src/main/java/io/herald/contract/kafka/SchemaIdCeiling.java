package io.herald.contract.kafka;

import java.util.function.LongSupplier;

/**
 * The highest schema id the registry can know, so that a flood of records with made-up schema ids (random bytes after a
 * magic byte 0 are ids in the billions) costs one registry call a second instead of one per id.
 *
 * <p>Why it is sound: Apicurio hands out content ids (the ids in Herald's records) and global ids from sequences that
 * never go back, and a content is only made with a version, so no content id exceeds the highest global id, which a
 * version search ordered by global id answers. An id more than {@link #MARGIN} above the last answer would need that
 * many versions registered since it, within {@link #REFRESH_NANOS a second}. An id at or below the ceiling plus the
 * margin, and any id while the ceiling has never been answered, is looked up one by one as before; while the registry
 * cannot be asked, the last answer stays in use and is asked again every {@link #RETRY_AFTER_FAILURE_NANOS 10 s}.
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

    /** True when no schema of the registry can have this id: no need to ask for it. */
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
