package io.herald.audit.retention;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.AuditItSupport;
import io.herald.audit.consume.AuditRecorder;
import io.herald.audit.store.AuditStore;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Retention deletes notifications whose last event is older than the configured age, with their timeline. */
class RetentionPurgeIT extends AuditItSupport {

    @Autowired
    AuditRecorder recorder;

    @Autowired
    AuditStore store;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Test
    void notificationsPastTheMaxAgeAreDeletedWithTheirEvents() {
        // 40 years: only this test's notification (1980) is that old; other tests' rows stay
        RetentionPurge purge =
                new RetentionPurge(jdbc, new RetentionProperties(Duration.ofDays(40 * 365), Duration.ofHours(1)));
        String old = newId();
        String recent = newId();
        Instant longAgo = Instant.parse("1980-01-01T00:00:00Z");
        recorder.record(AcceptedNotification.newBuilder(accepted(old))
                .setAcceptedAt(longAgo)
                .build());
        recorder.record(accepted(recent));
        recorder.record(attempt(recent, 1, Outcome.DELIVERED));

        long deleted = purge.purge();

        assertThat(deleted).isEqualTo(1);
        assertThat(store.findNotification(old)).isEmpty();
        assertThat(store.events(old)).isEmpty();
        assertThat(store.findNotification(recent)).isPresent();
        assertThat(store.events(recent)).hasSize(2);
    }

    @Test
    void zeroMaxAgeKeepsEverything() {
        RetentionPurge purge = new RetentionPurge(jdbc, new RetentionProperties(Duration.ZERO, Duration.ofHours(1)));

        assertThat(purge.purge()).isZero();
    }
}
