package io.herald.audit.tenants;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.TestIssuer;
import io.herald.audit.consume.AuditRecorder;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A tenant's credential sees its tenant's notifications and nothing else, end to end over HTTP on real PostgreSQL:
 * notifications of tenants A and B and one set without tenant, interleaved in one hour of their own; a tenant-A
 * reader (static token or a JWT signed by the test's issuer) never sees B's or the tenantless ones in search, dead
 * letters, counts, timelines or replay, while a reader of every tenant ({@code *}) sees them all. Only the Kafka
 * producer is replaced, so a replay that got through would be seen.
 */
class TenantIsolationIT extends AuditItSupport {

    private static final Instant HOUR = Instant.parse("1999-06-01T00:00:00Z");
    private static final String WINDOW = "from=" + HOUR + "&to=" + HOUR.plusSeconds(3600);
    private static final String NONE = "(none)";
    /** This class's notifications in HOUR by tenant (A, B, NONE): delivered, dead letter, dead letter. */
    private static final Map<String, List<String>> SEEDED = new LinkedHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    AuditRecorder recorder;

    @Autowired
    AuditStore store;

    @Autowired
    Topics topics;

    @MockitoBean
    KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void seedOnceAndAcknowledgeSends() {
        clearInvocations(kafka);
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        if (!SEEDED.isEmpty()) {
            return;
        }
        // interleaved in time, so a filter applied after reading a page would leave holes in it
        int second = 0;
        for (int i = 0; i < 3; i++) {
            for (String tenant : new String[] {TENANT_A, TENANT_B, null}) {
                String id = record(tenant, HOUR.plusSeconds(second++), i == 0 ? Outcome.DELIVERED : Outcome.PERMANENT);
                SEEDED.computeIfAbsent(tenant == null ? NONE : tenant, t -> new ArrayList<>())
                        .add(id);
            }
        }
    }

    @Test
    void aTenantReaderSearchesOnlyItsTenantsNotificationsPageAfterFullPage() {
        ApiClient readerA = new ApiClient(port, TENANT_A_READ_TOKEN);

        assertThat(ids(readerA.get("/v1/notifications?" + WINDOW))).containsExactlyElementsOf(reversed(a()));
        assertThat(ids(readerA.get("/v1/notifications?tenant=" + TENANT_B + "&" + WINDOW)))
                .isEmpty();
        // one per page: every page holds one of A's, the cursor never crosses into B's
        List<String> paged = new ArrayList<>();
        String cursor = "";
        do {
            DocumentContext page = json(readerA.get("/v1/notifications?limit=1&" + WINDOW + cursor));
            List<String> items = page.read("$.items[*].id");
            assertThat(items).hasSize(1);
            paged.addAll(items);
            String next = page.read("$.nextCursor");
            cursor = next == null ? null : "&cursor=" + next;
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(reversed(a()));

        assertThat(ids(new ApiClient(port, READ_TOKEN).get("/v1/notifications?" + WINDOW)))
                .containsExactlyInAnyOrderElementsOf(all());
    }

    @Test
    void deadLettersListOnlyTheCallersTenants() {
        assertThat(ids(new ApiClient(port, TENANT_A_READ_TOKEN).get("/v1/dead-letters?" + WINDOW)))
                .containsExactlyElementsOf(reversed(a().subList(1, 3)));
        assertThat(ids(new ApiClient(port, READ_TOKEN).get("/v1/dead-letters?" + WINDOW)))
                .hasSize(6)
                .contains(SEEDED.get(TENANT_B).get(1), SEEDED.get(NONE).get(2));
    }

    @Test
    void countsCoverOnlyTheCallersTenants() {
        DocumentContext countsA = json(new ApiClient(port, TENANT_A_READ_TOKEN).get("/v1/counts?" + WINDOW));
        DocumentContext countsAll = json(new ApiClient(port, READ_TOKEN).get("/v1/counts?" + WINDOW));

        assertThat(countsA.read("$.total", Integer.class)).isEqualTo(3);
        assertThat(countsA.read("$.byStatus", Map.class)).isEqualTo(Map.of("DELIVERED", 1, "DEAD_LETTERED", 2));
        assertThat(countsAll.read("$.total", Integer.class)).isEqualTo(9);
        assertThat(countsAll.read("$.byStatus", Map.class)).isEqualTo(Map.of("DELIVERED", 3, "DEAD_LETTERED", 6));
    }

    @Test
    void anotherTenantsTimelineIsNotFoundExactlyLikeAnUnknownId() {
        ApiClient readerA = new ApiClient(port, TENANT_A_READ_TOKEN);
        String unknown = newId();

        assertThat(readerA.get("/v1/notifications/" + a().getFirst()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> unknownAnswer = readerA.get("/v1/notifications/" + unknown);
        for (String hidden :
                List.of(SEEDED.get(TENANT_B).getFirst(), SEEDED.get(NONE).getFirst())) {
            HttpResponse<String> answer = readerA.get("/v1/notifications/" + hidden);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body().replace(hidden, "ID"))
                    .isEqualTo(unknownAnswer.body().replace(unknown, "ID"));
            assertThat(answer.body()).doesNotContain(TENANT_B, "ops-alerts");
        }
        ApiClient readerAll = new ApiClient(port, READ_TOKEN);
        assertThat(all())
                .allSatisfy(id -> assertThat(
                                readerAll.get("/v1/notifications/" + id).statusCode())
                        .as(id)
                        .isEqualTo(200));
    }

    @Test
    void aTenantOperatorReplaysOnlyItsOwnDeadLettersAndAnotherTenantsIsNotFound() {
        String deadA = deadLettered(TENANT_A);
        String deadB = deadLettered(TENANT_B);
        String deadNone = deadLettered(null);
        ApiClient operatorA = new ApiClient(port, TENANT_A_OPERATOR_TOKEN);

        DocumentContext refused =
                replay(operatorA, "{\"ids\":[\"" + deadB + "\",\"" + deadNone + "\",\"" + newId() + "\"]}");
        assertThat(refused.read("$.items[*].outcome", List.class))
                .containsExactly("NOT_FOUND", "NOT_FOUND", "NOT_FOUND");
        assertThat(refused.read("$.items[*].detail", List.class))
                .containsOnly("audit has no notification with this id");
        verify(kafka, never()).send(anyString(), anyString(), any());
        assertThat(Stream.of(deadB, deadNone)).allSatisfy(id -> {
            assertThat(store.events(id)).extracting(EventRecord::kind).doesNotContain(EventKind.REPLAYED);
            assertThat(store.findNotification(id).orElseThrow().replays()).isZero();
        });

        DocumentContext byFilter = replay(
                operatorA,
                "{\"filter\":{\"from\":\"" + HOUR + "\",\"to\":\"" + HOUR.plusSeconds(3600) + "\"},\"dryRun\":true}");
        assertThat(byFilter.read("$.items[*].id", List.class)).containsExactlyElementsOf(reversed(a().subList(1, 3)));

        DocumentContext own = replay(operatorA, "{\"ids\":[\"" + deadA + "\"]}");
        assertThat(own.read("$.items[0].outcome", String.class)).isEqualTo("REPLAYED");
        assertThat(own.read("$.requestedBy", String.class)).isEqualTo("ops-a");
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(topics.accepted()), eq("ops-alerts"), sent.capture());
        assertThat(((AcceptedNotification) sent.getValue()).getTenant()).isEqualTo(TENANT_A);

        assertThat(new ApiClient(port, TENANT_A_READ_TOKEN)
                        .post("/v1/replays", "{\"ids\":[\"" + deadA + "\"]}")
                        .statusCode())
                .as("a reader may not replay at all")
                .isEqualTo(403);
        assertThat(replay(new ApiClient(port, OPERATOR_TOKEN), "{\"ids\":[\"" + deadB + "\",\"" + deadNone + "\"]}")
                        .read("$.items[*].outcome", List.class))
                .as("an operator of every tenant")
                .containsExactly("REPLAYED", "REPLAYED");
    }

    @Test
    void aJwtOfTheIssuerSeesOnlyTheTenantsOfItsClaim() {
        ApiClient alice = new ApiClient(port, TestIssuer.jwt("alice", List.of("READ"), List.of(TENANT_A)));

        assertThat(ids(alice.get("/v1/notifications?" + WINDOW))).containsExactlyElementsOf(reversed(a()));
        assertThat(ids(alice.get("/v1/dead-letters?" + WINDOW))).containsExactlyElementsOf(reversed(a().subList(1, 3)));
        assertThat(json(alice.get("/v1/counts?" + WINDOW)).read("$.total", Integer.class))
                .isEqualTo(3);
        assertThat(alice.get("/v1/notifications/" + SEEDED.get(TENANT_B).getFirst())
                        .statusCode())
                .isEqualTo(404);
        assertThat(alice.get("/v1/notifications/" + SEEDED.get(NONE).getFirst()).statusCode())
                .isEqualTo(404);

        ApiClient both = new ApiClient(port, TestIssuer.jwt("carol", List.of("READ"), List.of(TENANT_A, TENANT_B)));
        assertThat(json(both.get("/v1/counts?" + WINDOW)).read("$.total", Integer.class))
                .isEqualTo(6);
        ApiClient none = new ApiClient(port, TestIssuer.jwt("dave", List.of("READ"), List.of()));
        assertThat(ids(none.get("/v1/notifications?" + WINDOW)))
                .as("no tenant claim: nothing")
                .isEmpty();

        String deadA = deadLettered(TENANT_A);
        String deadB = deadLettered(TENANT_B);
        ApiClient bob = new ApiClient(port, TestIssuer.jwt("bob", List.of("OPERATOR"), List.of(TENANT_A)));
        DocumentContext replayed = replay(bob, "{\"ids\":[\"" + deadA + "\",\"" + deadB + "\"]}");
        assertThat(replayed.read("$.items[*].outcome", List.class)).containsExactly("REPLAYED", "NOT_FOUND");
        assertThat(replayed.read("$.requestedBy", String.class)).isEqualTo("bob");
    }

    private String record(String tenant, Instant at, Outcome outcome) {
        String id = newId();
        AcceptedNotification notification = AcceptedNotification.newBuilder(accepted(id))
                .setTenant(tenant)
                .setAcceptedAt(at)
                .build();
        DeliveryAttempt a = attempt(id, 1, outcome);
        a.setTenant(tenant);
        a.setSignedAt(at.plusMillis(10));
        a.setStartedAt(at.plusMillis(20));
        recorder.record(notification);
        recorder.record(a);
        if (outcome == Outcome.PERMANENT) {
            var dl = deadLetter(id, outcome, a);
            dl.setTenant(tenant);
            dl.setNotification(notification);
            dl.setDeadAt(at.plusMillis(500));
            recorder.record(dl);
        }
        return id;
    }

    /** A dead letter outside this class's hour (at the fixtures' time). */
    private String deadLettered(String tenant) {
        String id = newId();
        var a = attempt(id, 1, Outcome.PERMANENT);
        a.setTenant(tenant);
        var dl = deadLetter(id, Outcome.PERMANENT, a);
        dl.setTenant(tenant);
        dl.getNotification().setTenant(tenant);
        recorder.record(
                AcceptedNotification.newBuilder(accepted(id)).setTenant(tenant).build());
        recorder.record(a);
        recorder.record(dl);
        return id;
    }

    private static List<String> a() {
        return SEEDED.get(TENANT_A);
    }

    private static List<String> all() {
        return SEEDED.values().stream().flatMap(List::stream).toList();
    }

    /** Lists are newest first. */
    private static List<String> reversed(List<String> ids) {
        return ids.reversed();
    }

    private static List<String> ids(HttpResponse<String> answer) {
        return json(answer).read("$.items[*].id");
    }

    private static DocumentContext replay(ApiClient operator, String body) {
        return json(operator.post("/v1/replays", body));
    }

    private static DocumentContext json(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonPath.parse(answer.body());
    }
}
