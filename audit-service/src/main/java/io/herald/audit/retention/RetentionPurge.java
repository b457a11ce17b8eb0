package io.herald.audit.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes notifications (and their events) whose last event is older than {@code herald.audit.retention.max-age}, in
 * chunks of {@value #CHUNK} so no transaction grows large. Runs every {@code purge-interval}.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionPurge {

    static final int CHUNK = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    // first_event_at <= last_event_at: the first condition adds nothing but lets the time index find the candidates
    private static final String DELETE_CHUNK = """
            WITH old AS (
                SELECT id FROM audit.notification WHERE first_event_at < :cutoff AND last_event_at < :cutoff
                LIMIT :chunk FOR UPDATE SKIP LOCKED),
            gone_events AS (
                DELETE FROM audit.event e USING old WHERE e.notification_id = old.id)
            DELETE FROM audit.notification n USING old WHERE n.id = old.id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final RetentionProperties properties;
    private final Clock clock = Clock.systemUTC();

    public RetentionPurge(NamedParameterJdbcTemplate jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Scheduled(
            fixedDelayString = "${herald.audit.retention.purge-interval:1h}",
            initialDelayString = "${herald.audit.retention.purge-interval:1h}")
    public void scheduled() {
        purge();
    }

    /** @return how many notifications were deleted */
    public long purge() {
        if (properties.maxAge().isZero()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(properties.maxAge());
        long deleted = 0;
        int chunk;
        do {
            chunk = jdbc.update(
                    DELETE_CHUNK,
                    new MapSqlParameterSource()
                            .addValue("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                            .addValue("chunk", CHUNK));
            deleted += chunk;
        } while (chunk == CHUNK);
        if (deleted > 0) {
            log.info("retention: deleted {} notifications whose last event is before {}", deleted, cutoff);
        }
        return deleted;
    }
}
