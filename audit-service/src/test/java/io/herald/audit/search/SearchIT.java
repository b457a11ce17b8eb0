package io.herald.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.store.NotificationStatus;
import io.herald.audit.store.TenantScope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Searches, dead-letter lists and counts over {@value #ROWS} notifications on real PostgreSQL: every filter, cursor
 * pagination that neither skips nor repeats a row (many rows share a timestamp), and a stable order while new rows
 * arrive.
 */
class SearchIT extends AuditItSupport {

    static final int ROWS = 300_000;
    /** This class's rows: their own channels and time range, apart from every other test's. */
    static final String P = "s" + UUID.randomUUID().toString().substring(0, 8);

    static final Instant BASE = Instant.parse("2001-01-01T00:00:00Z");
    /** As a caller of every tenant sees them (tenant isolation: TenantIsolationIT). */
    static final TenantScope ALL = TenantScope.EVERY_TENANT;

    private static boolean seeded;

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    NotificationSearch search;

    @BeforeEach
    void seedOnce() {
        if (seeded) {
            return;
        }
        // g / 3 ms: three rows share each timestamp, so the id tiebreak matters
        jdbc.update(
                """
                INSERT INTO audit.notification (id, channel, provider, tenant, source, status, status_rank, attempts,
                    last_outcome, last_provider_code, first_event_at, last_event_at)
                SELECT :p || '-' || lpad(g::text, 7, '0'), :p || '-ch-' || (g % 10),
                       CASE WHEN g % 3 = 0 THEN 'feishu' ELSE 'dingtalk' END, 'tenant-' || (g % 7), 'KAFKA',
                       CASE WHEN g % 5 = 0 THEN 'DEAD_LETTERED' ELSE 'DELIVERED' END, 3, 1,
                       CASE WHEN g % 5 = 0 THEN 'PERMANENT' ELSE 'DELIVERED' END,
                       CASE WHEN g % 5 = 0 THEN (CASE WHEN g % 2 = 0 THEN '310000' ELSE '300001' END) ELSE '0' END,
                       :base + (g / 3) * interval '1 millisecond', :base + (g / 3) * interval '1 millisecond'
                  FROM generate_series(1, :rows) g
                """,
                new MapSqlParameterSource("p", P)
                        .addValue("rows", ROWS)
                        .addValue("base", BASE.atOffset(java.time.ZoneOffset.UTC)));
        jdbc.getJdbcTemplate().execute("ANALYZE audit.notification");
        seeded = true;
    }

    @Test
    void pagingThroughAFilterReturnsEveryMatchOnceNewestFirst() {
        SearchFilter filter =
                new SearchFilter(NotificationStatus.DEAD_LETTERED, P + "-ch-0", null, null, null, null, null, null);
        // g % 10 == 0 (channel 0) are all dead letters: ROWS / 10 of them
        List<NotificationSummary> all = new ArrayList<>();
        String cursor = null;
        do {
            SearchPage page = search.search(filter, ALL, cursor, 500);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(all).hasSize(ROWS / 10);
        assertThat(new HashSet<>(all.stream().map(NotificationSummary::id).toList()))
                .hasSize(ROWS / 10);
        for (int i = 1; i < all.size(); i++) {
            NotificationSummary before = all.get(i - 1);
            NotificationSummary after = all.get(i);
            assertThat(before.at().isAfter(after.at())
                            || (before.at().equals(after.at()) && before.id().compareTo(after.id()) < 0))
                    .as("%s before %s", before.id(), after.id())
                    .isTrue();
        }
        assertThat(all).allSatisfy(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
            assertThat(n.channel()).isEqualTo(P + "-ch-0");
        });
    }

    @Test
    void eachFilterNarrowsTheResult() {
        Instant from = BASE.plusSeconds(10);
        Instant to = BASE.plusSeconds(20);

        List<NotificationSummary> page = search.search(
                        new SearchFilter(null, P + "-ch-5", "dingtalk", "tenant-3", "PERMANENT", "300001", from, to),
                        ALL,
                        null,
                        500)
                .items();

        assertThat(page).isNotEmpty().allSatisfy(n -> {
            assertThat(n.channel()).isEqualTo(P + "-ch-5");
            assertThat(n.provider()).isEqualTo("dingtalk");
            assertThat(n.tenant()).isEqualTo("tenant-3");
            assertThat(n.lastOutcome()).isEqualTo("PERMANENT");
            assertThat(n.lastProviderCode()).isEqualTo("300001");
            assertThat(n.at()).isBetween(from, to.minusNanos(1));
        });
        long expected = jdbc.queryForObject(
                """
                SELECT count(*) FROM audit.notification WHERE channel = :c AND provider = 'dingtalk'
                   AND tenant = 'tenant-3' AND last_outcome = 'PERMANENT' AND last_provider_code = '300001'
                   AND first_event_at >= :from AND first_event_at < :to
                """,
                new MapSqlParameterSource("c", P + "-ch-5")
                        .addValue("from", from.atOffset(java.time.ZoneOffset.UTC))
                        .addValue("to", to.atOffset(java.time.ZoneOffset.UTC)),
                Long.class);
        assertThat(page).hasSize((int) expected);
    }

    @Test
    void pagesAlreadyReadDoNotShiftWhenNewerRowsArrive() {
        SearchFilter filter = new SearchFilter(null, P + "-ch-1", null, null, null, null, null, null);
        SearchPage first = search.search(filter, ALL, null, 100);
        SearchPage second = search.search(filter, ALL, first.nextCursor(), 100);
        jdbc.update("""
                INSERT INTO audit.notification (id, channel, provider, source, status, status_rank, first_event_at,
                    last_event_at)
                VALUES (:id, :c, 'dingtalk', 'KAFKA', 'ACCEPTED', 1, now(), now())
                """, new MapSqlParameterSource("id", P + "-late").addValue("c", P + "-ch-1"));

        SearchPage secondAgain = search.search(filter, ALL, first.nextCursor(), 100);

        assertThat(secondAgain.items()).isEqualTo(second.items());
        assertThat(search.search(filter, ALL, null, 1).items().getFirst().id()).isEqualTo(P + "-late");
    }

    @Test
    void aTenantScopeIsPartOfTheQuerySoPagesStayFullAndCountsExact() {
        TenantScope scope = TenantScope.only("tenant-3", "tenant-5");
        SearchFilter filter = new SearchFilter(null, P + "-ch-0", null, null, null, null, null, null);
        long expected = jdbc.queryForObject(
                "SELECT count(*) FROM audit.notification WHERE channel = :c"
                        + " AND tenant IN ('tenant-3', 'tenant-5')",
                new MapSqlParameterSource("c", P + "-ch-0"),
                Long.class);

        List<NotificationSummary> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            SearchPage page = search.search(filter, scope, cursor, 500);
            all.addAll(page.items());
            pageSizes.add(page.items().size());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(expected).isGreaterThan(1000);
        assertThat(all)
                .hasSize((int) expected)
                .allSatisfy(n -> assertThat(n.tenant()).isIn("tenant-3", "tenant-5"));
        assertThat(pageSizes.subList(0, pageSizes.size() - 1))
                .as("every page but the last is full")
                .containsOnly(500);
        long inRange = jdbc.queryForObject(
                "SELECT count(*) FROM audit.notification WHERE first_event_at >= :from"
                        + " AND first_event_at < :to AND tenant IN ('tenant-3', 'tenant-5')",
                new MapSqlParameterSource("from", BASE.atOffset(java.time.ZoneOffset.UTC))
                        .addValue("to", BASE.plusSeconds(3).atOffset(java.time.ZoneOffset.UTC)),
                Long.class);
        assertThat(search.counts(BASE, BASE.plusSeconds(3), scope).total())
                .isEqualTo(inRange)
                .isLessThan(8_999);
        assertThat(search.search(filter, new TenantScope(java.util.Set.of()), null, 10)
                        .items())
                .as("a caller of no tenant")
                .isEmpty();
    }

    @Test
    void searchAndDeadLettersOverHttpWithCursor() {
        ApiClient reader = new ApiClient(port, READ_TOKEN);
        String channel = URLEncoder.encode(P + "-ch-0", StandardCharsets.UTF_8);

        DocumentContext page1 =
                json(reader.get("/v1/dead-letters?channel=" + channel + "&providerCode=310000&limit=3"));
        DocumentContext page2 = json(reader.get("/v1/dead-letters?channel=" + channel + "&providerCode=310000&limit=3"
                + "&cursor=" + page1.read("$.nextCursor", String.class)));
        DocumentContext search = json(reader.get("/v1/notifications?status=delivered&channel="
                + URLEncoder.encode(P + "-ch-1", StandardCharsets.UTF_8) + "&class=DELIVERED&provider=feishu&limit=2"));

        assertThat(page1.read("$.items[*].status", List.class)).containsOnly("DEAD_LETTERED");
        assertThat(page1.read("$.items[*].lastProviderCode", List.class))
                .containsOnly("310000")
                .hasSize(3);
        assertThat(page2.read("$.items[*].id", List.class))
                .hasSize(3)
                .doesNotContainAnyElementsOf(page1.read("$.items[*].id", List.class));
        assertThat(search.read("$.items[*].provider", List.class))
                .containsOnly("feishu")
                .hasSize(2);
    }

    @Test
    void unusableParametersAreNamed() {
        ApiClient reader = new ApiClient(port, READ_TOKEN);

        assertThat(problemParameter(reader.get("/v1/notifications?status=LOST")))
                .isEqualTo("status");
        assertThat(problemParameter(reader.get("/v1/notifications?class=MAYBE")))
                .isEqualTo("class");
        assertThat(problemParameter(reader.get("/v1/notifications?from=yesterday")))
                .isEqualTo("from");
        assertThat(problemParameter(reader.get("/v1/notifications?cursor=bm9wZQ")))
                .isEqualTo("cursor");
        assertThat(problemParameter(reader.get("/v1/notifications?limit=501"))).isEqualTo("limit");
    }

    @Test
    void countsPerStatusProviderAndChannelOverATimeRange() {
        // the first 3 s of this class's rows: g / 3 < 3000, i.e. g in 1..8999
        Instant from = BASE;
        Instant to = BASE.plusSeconds(3);

        NotificationSearch.Counts counts = search.counts(from, to, ALL);

        long rows = 8_999;
        assertThat(counts.total()).isEqualTo(rows);
        assertThat(counts.byStatus()).isEqualTo(Map.of("DEAD_LETTERED", rows / 5, "DELIVERED", rows - rows / 5));
        assertThat(counts.byProvider()).isEqualTo(Map.of("feishu", rows / 3, "dingtalk", rows - rows / 3));
        assertThat(counts.byChannel()).hasSize(10).containsEntry(P + "-ch-1", 900L);
        DocumentContext overHttp = json(new ApiClient(port, READ_TOKEN).get("/v1/counts?from=" + from + "&to=" + to));
        assertThat(overHttp.read("$.total", Long.class)).isEqualTo(rows);
    }

    private static DocumentContext json(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonPath.parse(answer.body());
    }

    /** Scans of one index so far; PostgreSQL publishes a session's counts at the end of its transactions. */
    private long scansOf(String index) {
        jdbc.getJdbcTemplate().execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject(
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE schemaname = 'audit' AND indexrelname = :index",
                new MapSqlParameterSource("index", index),
                Long.class);
    }

    @Test
    void deadLetterAndOutcomeClassSearchesReadTheirPartialIndexesEveryTime() {
        // the partial indexes (V6) leave DELIVERED out: a search must name its status to use one, also after a
        // prepared statement's fifth run, when PostgreSQL may switch to a generic plan; channel 1 has no dead letter
        // (the empty answer that, without its index, reads the whole time index)
        long statusChannel = scansOf("notification_status_channel_idx");
        long outcomeClass = scansOf("notification_class_idx");
        SearchFilter deadLetters =
                new SearchFilter(NotificationStatus.DEAD_LETTERED, P + "-ch-1", null, null, null, null, null, null);
        SearchFilter permanent = new SearchFilter(null, null, null, null, "PERMANENT", null, null, null);
        for (int i = 0; i < 30; i++) {
            assertThat(search.search(deadLetters, ALL, null, 50).items()).isEmpty();
            assertThat(search.search(permanent, ALL, null, 50).items()).hasSize(50);
        }

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertThat(scansOf("notification_status_channel_idx") - statusChannel)
                            .isGreaterThanOrEqualTo(30);
                    assertThat(scansOf("notification_class_idx") - outcomeClass).isGreaterThanOrEqualTo(30);
                });
    }

    private static String problemParameter(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        return JsonPath.parse(answer.body()).read("$.parameter", String.class);
    }
}
