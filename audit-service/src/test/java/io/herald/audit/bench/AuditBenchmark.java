package io.herald.audit.bench;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.Fixtures;
import io.herald.audit.consume.AuditEvents;
import io.herald.audit.store.AuditEvent;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.AvroJson;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Audit benchmark (not a CI test: run it by name, see docs/benchmarks/audit.md). On a fresh embedded PostgreSQL 17 it
 * measures: events stored per second through the consumer's batch path ({@link AuditStore#recordAll}, 500 per batch);
 * then, with the database filled to each size of {@code -Dbench.sizes} (events; bulk-loaded with SQL, 4 events per
 * notification, 10 % dead letters), p50/p99 over HTTP of a timeline read and of filtered searches; then the replay rate
 * of 2,000 dead letters by filter with the broker ack replaced by an immediate one (database and encoding cost only). Prints a Markdown report and writes
 * it to {@code target/audit-benchmark.md}.
 */
@TestPropertySource(
        properties = {"herald.audit.replay.rate-per-second=1000000", "herald.audit.replay.max-per-request=2000"})
class AuditBenchmark extends AuditItSupport {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] PROVIDERS = {"dingtalk", "feishu", "wecom", "slack", "webhook"};
    private static final int CHANNELS = 50;

    @LocalServerPort
    int port;

    @Autowired
    AuditStore store;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @MockitoBean
    KafkaTemplate<String, Object> kafka;

    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws IOException {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        long[] sizes = Arrays.stream(
                        System.getProperty("bench.sizes", "1000000,10000000").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        int ingestEvents = Integer.getInteger("bench.ingest-events", 200_000);
        int samples = Integer.getInteger("bench.samples", 2_000);

        line("## Store: events per second (AuditStore.recordAll, 500 events per batch, one thread)");
        ingest(ingestEvents);

        line("");
        line("## Reads over HTTP (READ token, JSON), " + samples + " samples each after 200 warm-up calls");
        line("");
        line("| events stored | notifications | timeline p50 | timeline p99 | search status+channel p50 | p99 "
                + "| search provider+class+code p50 | p99 | next page (cursor) p50 | p99 |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        long loaded = 0;
        for (long size : sizes) {
            long t0 = System.nanoTime();
            loaded = load(loaded, size / 4);
            jdbc.getJdbcTemplate().execute("ANALYZE audit.notification");
            jdbc.getJdbcTemplate().execute("ANALYZE audit.event");
            System.out.printf(
                    Locale.ROOT, "loaded %,d notifications in %.0f s%n", loaded, (System.nanoTime() - t0) / 1e9);
            long events = jdbc.getJdbcTemplate().queryForObject("SELECT count(*) FROM audit.event", Long.class);
            long n = loaded;
            ApiClient reader = new ApiClient(port, READ_TOKEN);
            double[] timeline = latencies(samples, i -> reader.get("/v1/notifications/b-" + random(n)));
            double[] search = latencies(
                    samples,
                    i -> reader.get("/v1/notifications?status=DEAD_LETTERED&channel=ch-"
                            + ThreadLocalRandom.current().nextInt(CHANNELS) + "&limit=50"));
            double[] searchCode = latencies(
                    samples,
                    i -> reader.get("/v1/notifications?provider="
                            + PROVIDERS[ThreadLocalRandom.current().nextInt(PROVIDERS.length)]
                            + "&class=PERMANENT&providerCode=310000&limit=50"));
            String cursor = com.jayway.jsonpath.JsonPath.read(
                    reader.get("/v1/dead-letters?channel=ch-10&limit=50").body(), "$.nextCursor");
            double[] nextPage =
                    latencies(samples, i -> reader.get("/v1/dead-letters?channel=ch-10&limit=50&cursor=" + cursor));
            line(String.format(
                    Locale.ROOT,
                    "| %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s |",
                    events,
                    loaded,
                    ms(timeline, 50),
                    ms(timeline, 99),
                    ms(search, 50),
                    ms(search, 99),
                    ms(searchCode, 50),
                    ms(searchCode, 99),
                    ms(nextPage, 50),
                    ms(nextPage, 99)));
        }

        line("");
        line("## Replay (POST /v1/replays by filter; broker ack replaced by an immediate one, rate limiter opened)");
        replay();
        String text = report.toString();
        System.out.println(text);
        Files.writeString(Path.of("target/audit-benchmark.md"), text);
    }

    private void ingest(int events) {
        List<AuditEvent> all = new ArrayList<>(events);
        for (int i = 0; all.size() < events; i++) {
            String id = "ingest-" + i;
            AcceptedNotification accepted = Fixtures.accepted(id);
            all.add(AuditEvents.accepted(accepted));
            DeliveryAttempt first = Fixtures.attempt(id, 1, Outcome.RETRYABLE);
            all.add(AuditEvents.attempt(first));
            all.add(AuditEvents.attempt(Fixtures.attempt(id, 2, Outcome.RETRYABLE)));
            all.add(AuditEvents.attempt(Fixtures.attempt(id, 3, Outcome.DELIVERED)));
        }
        // warm-up on other ids
        for (int i = 0; i < 20; i++) {
            store.recordAll(List.of(AuditEvents.accepted(Fixtures.accepted("warm-" + i))));
        }
        String walBefore = walPosition();
        long t0 = System.nanoTime();
        for (int from = 0; from < all.size(); from += 500) {
            store.recordAll(all.subList(from, Math.min(all.size(), from + 500)));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the write-ahead log the new events took: what the database wrote for them, whatever else ran on the machine
        long walBytes = jdbc.getJdbcTemplate()
                .queryForObject(
                        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint", Long.class, walBefore);
        long t1 = System.nanoTime();
        for (int from = 0; from < all.size(); from += 500) {
            store.recordAll(all.subList(from, Math.min(all.size(), from + 500)));
        }
        double redelivery = (System.nanoTime() - t1) / 1e9;
        line("");
        line(String.format(
                Locale.ROOT,
                "- %,d new events (4 per notification): %.1f s = **%,.0f events/s**",
                events,
                seconds,
                events / seconds));
        line(String.format(
                Locale.ROOT,
                "- write-ahead log for them: %,d bytes = %,.0f bytes per event",
                walBytes,
                (double) walBytes / events));
        line(String.format(
                Locale.ROOT,
                "- the same %,d events again (redelivery, all skipped): %.1f s = %,.0f events/s",
                events,
                redelivery,
                events / redelivery));
    }

    /** Bulk-loads notifications {@code from+1 .. to} with 4 events each; returns {@code to}. */
    private long load(long from, long to) {
        String content = AvroJson.encode(Fixtures.accepted("template"));
        for (long start = from + 1; start <= to; start += 250_000) {
            long end = Math.min(to, start + 249_999);
            MapSqlParameterSource p = new MapSqlParameterSource("start", start)
                    .addValue("end", end)
                    .addValue("base", BASE.atOffset(ZoneOffset.UTC))
                    .addValue("content", content);
            jdbc.update("""
                    INSERT INTO audit.notification (id, channel, provider, tenant, source, status, status_rank,
                        accepted_at, delivered_at, dead_lettered_at, attempts, last_attempt, last_attempt_at,
                        last_outcome, last_http_status, last_provider_code, accepted_notification, first_event_at,
                        last_event_at)
                    SELECT 'b-' || g, 'ch-' || (g % 50), (ARRAY['dingtalk','feishu','wecom','slack','webhook'])[1 + g % 5],
                           'tenant-' || (g % 20), 'KAFKA',
                           CASE WHEN g % 10 = 0 THEN 'DEAD_LETTERED' ELSE 'DELIVERED' END, 3, ts,
                           CASE WHEN g % 10 <> 0 THEN ts + interval '3 s' END,
                           CASE WHEN g % 10 = 0 THEN ts + interval '3 s' END,
                           CASE WHEN g % 10 = 0 THEN 2 ELSE 3 END, CASE WHEN g % 10 = 0 THEN 2 ELSE 3 END,
                           ts + interval '2 s', CASE WHEN g % 10 = 0 THEN 'PERMANENT' ELSE 'DELIVERED' END, 200,
                           CASE WHEN g % 10 = 0 THEN '310000' ELSE '0' END,
                           CASE WHEN g % 10 = 0 THEN CAST(:content AS json) END, ts, ts + interval '3 s'
                      FROM generate_series(CAST(:start AS bigint), CAST(:end AS bigint)) g,
                           LATERAL (SELECT :base + g * interval '10 ms' AS ts) t
                    """, p);
            jdbc.update("""
                    INSERT INTO audit.event (notification_id, kind, attempt, occurred_at, signed_at, outcome,
                        http_status, provider_code, provider_message, latency_ms, dispatcher, source, reason)
                    SELECT 'b-' || g,
                           CASE WHEN k = 1 THEN 'ACCEPTED' WHEN k = 4 AND g % 10 = 0 THEN 'DEAD_LETTER' ELSE 'ATTEMPT' END,
                           CASE WHEN k = 1 THEN 0 WHEN k = 4 AND g % 10 = 0 THEN 2 ELSE k - 1 END,
                           ts + (k - 1) * interval '1 s',
                           CASE WHEN k > 1 AND NOT (k = 4 AND g % 10 = 0) THEN ts + (k - 1) * interval '1 s' - interval '50 ms' END,
                           CASE WHEN k = 1 THEN NULL WHEN k = 2 THEN 'RETRYABLE'
                                WHEN k = 3 AND g % 10 = 0 THEN 'PERMANENT' WHEN k = 3 THEN 'RETRYABLE'
                                WHEN g % 10 = 0 THEN 'PERMANENT' ELSE 'DELIVERED' END,
                           CASE WHEN k = 2 THEN 503 WHEN k > 2 AND NOT (k = 4 AND g % 10 = 0) THEN 200 END,
                           CASE WHEN k = 3 AND g % 10 = 0 THEN '310000' WHEN k = 3 THEN '130101'
                                WHEN k = 4 AND g % 10 <> 0 THEN '0' END,
                           CASE WHEN k = 3 AND g % 10 = 0 THEN 'sign not match' WHEN k = 3 THEN 'send too fast' END,
                           CASE WHEN k > 1 AND NOT (k = 4 AND g % 10 = 0) THEN 40 END,
                           CASE WHEN k > 1 THEN 'dispatcher-1' END,
                           CASE WHEN k = 1 THEN 'KAFKA' END,
                           CASE WHEN k = 4 AND g % 10 = 0 THEN 'DingTalk errcode 310000: sign not match' END
                      FROM generate_series(CAST(:start AS bigint), CAST(:end AS bigint)) g,
                           LATERAL (SELECT :base + g * interval '10 ms' AS ts) t,
                           generate_series(1, 4) k
                    """, p);
            System.out.printf(Locale.ROOT, "  loaded notifications up to %,d%n", end);
        }
        return to;
    }

    private void replay() {
        int count = 2_000; // herald.audit.replay.max-per-request above
        ApiClient operator = new ApiClient(port, OPERATOR_TOKEN);
        // channel ch-0 holds only dead letters (g % 50 == 0 implies g % 10 == 0)
        long t0 = System.nanoTime();
        HttpResponse<String> answer =
                operator.post("/v1/replays", "{\"filter\":{\"channel\":\"ch-0\"},\"force\":true}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        Integer replayed = com.jayway.jsonpath.JsonPath.read(answer.body(), "$.summary.REPLAYED");
        line("");
        line(String.format(
                Locale.ROOT,
                "- %,d dead letters replayed in one request: %.1f s = **%,.0f replays/s** "
                        + "(HTTP %d; the production limit is herald.audit.replay.rate-per-second, default 20/s)",
                replayed == null ? 0 : replayed,
                seconds,
                (replayed == null ? 0 : replayed) / seconds,
                answer.statusCode()));
        if (replayed != null && replayed < count) {
            line("  (fewer than " + count + " dead letters matched)");
        }
    }

    private static double[] latencies(int samples, IntFunction<HttpResponse<String>> call) {
        for (int i = 0; i < 200; i++) {
            check(call.apply(i));
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            check(call.apply(i));
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void check(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static String ms(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return String.format(Locale.ROOT, "%.2f ms", sorted[Math.max(0, index)]);
    }

    private static long random(long bound) {
        return 1 + ThreadLocalRandom.current().nextLong(bound);
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private String walPosition() {
        return jdbc.getJdbcTemplate().queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
    }
}
