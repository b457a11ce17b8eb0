package io.herald.ingest.idempotency;

import io.herald.ingest.IngestProperties;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Forgets idempotency keys older than {@code herald.ingest.idempotency-retention}, every
 * {@code herald.ingest.idempotency-purge-interval}; a request repeated after that is accepted again.
 */
@Component
@EnableScheduling
class IdempotencyPurger implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurger.class);

    private final IdempotencyLedger ledger;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;

    public IdempotencyPurger(IdempotencyLedger ledger, Clock clock, IngestProperties properties) {
        this.ledger = ledger;
        this.clock = clock;
        this.retention = properties.idempotencyRetention();
        this.interval = properties.idempotencyPurgeInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purgeQuietly, interval);
    }

    /** Deletes the keys past retention; returns how many. */
    public int purge() {
        int purged = ledger.purgeOlderThan(clock.instant().minus(retention));
        if (purged > 0) {
            log.info("Purged {} idempotency keys older than {}", purged, retention);
        }
        return purged;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            // the database may be briefly unavailable; the next run catches up
            log.warn("Could not purge idempotency keys: {}", e.toString());
        }
    }
}
