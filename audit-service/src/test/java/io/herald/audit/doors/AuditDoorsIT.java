package io.herald.audit.doors;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.TestIssuer;
import io.herald.audit.consume.AuditRecorder;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.contract.security.EveryDoor;
import io.herald.schema.Outcome;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Every door of a running audit, called as an attacker on the same network would: without a credential, with a wrong
 * one, with a READ credential where OPERATOR is needed. Only the Kafka producer is replaced, so a replay that got
 * through would be seen.
 */
class AuditDoorsIT extends AuditItSupport {

    /** The page: static, no data. */
    private static final List<String> PAGE = List.of("/", "/index.html");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    AuditRecorder recorder;

    @Autowired
    AuditStore store;

    @MockitoBean
    KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void brokerAcknowledges() {
        clearInvocations(kafka);
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void noEndpointButHealthAndThePageAnswersWithoutACredential() throws Exception {
        Set<String> endpoints = new TreeSet<>(EveryDoor.mapped(context));
        assertThat(endpoints)
                .contains(
                        "GET /v1/notifications",
                        "GET /v1/notifications/x",
                        "GET /v1/dead-letters",
                        "GET /v1/counts",
                        "POST /v1/replays",
                        "GET /v3/api-docs",
                        "GET /actuator/health",
                        "GET /actuator/metrics/x");
        PAGE.forEach(path -> endpoints.add("GET " + path));

        List<EveryDoor.Answer> answers = EveryDoor.call(base(), endpoints, null);

        assertThat(answers)
                .filteredOn(answer -> !open(answer))
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(401));
        assertThat(answers)
                .filteredOn(EveryDoor::isOpen)
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isNotEqualTo(401));
        assertThat(answers)
                .filteredOn(answer -> PAGE.contains(answer.path()))
                .hasSize(PAGE.size())
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        HttpResponse<String> refused = new ApiClient(port, null).get("/v1/notifications");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(refused.body(), "$.detail"))
                .isEqualTo("This endpoint needs a credential: send 'Authorization: Bearer <token>'.");
    }

    @Test
    void aWrongTokenOrAJwtOfAnotherIssuerIsRefusedAtEveryDoorAndNeverEchoed() throws Exception {
        Set<String> endpoints = EveryDoor.mapped(context);
        String guess = READ_TOKEN + "x";
        String foreignJwt = TestIssuer.jwtOfAnotherKey("mallory", List.of("OPERATOR"), List.of("*"));

        for (String credential : List.of(guess, foreignJwt)) {
            assertThat(EveryDoor.call(base(), endpoints, "Bearer " + credential))
                    .filteredOn(answer -> !open(answer))
                    .isNotEmpty()
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as(answer.toString()).isEqualTo(401));
        }
        HttpResponse<String> answer = new ApiClient(port, guess).get("/v1/notifications");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body())
                .contains("The credential was not accepted")
                .doesNotContain(guess, READ_TOKEN, OPERATOR_TOKEN);
    }

    @Test
    void aTokenInTheUrlIsNotACredential() {
        assertThat(new ApiClient(port, null)
                        .get("/v1/notifications?access_token=" + READ_TOKEN)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aReadCredentialReadsButItsReplayIsForbiddenAndChangesNothing() {
        String id = deadLettered();
        String readJwt = TestIssuer.jwt("alice", List.of("READ"), List.of("*"));

        for (String reader : List.of(READ_TOKEN, readJwt)) {
            assertThat(new ApiClient(port, reader)
                            .get("/v1/notifications/" + id)
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> replay = new ApiClient(port, reader).post("/v1/replays", "{\"ids\":[\"" + id + "\"]}");
            assertThat(replay.statusCode()).isEqualTo(403);
            assertThat(replay.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JsonPath.<String>read(replay.body(), "$.detail"))
                    .endsWith("(roles [READ]): POST /v1/replays needs another role.");
        }
        assertThat(new ApiClient(port, null)
                        .post("/v1/replays", "{\"ids\":[\"" + id + "\"]}")
                        .statusCode())
                .isEqualTo(401);

        verify(kafka, never()).send(anyString(), anyString(), any());
        assertThat(store.events(id)).extracting(EventRecord::kind).doesNotContain(EventKind.REPLAYED);
        assertThat(store.findNotification(id).orElseThrow().replays()).isZero();

        // the same request with an OPERATOR credential does replay: the refusals above were the doors, not the request
        HttpResponse<String> operator =
                new ApiClient(port, OPERATOR_TOKEN).post("/v1/replays", "{\"ids\":[\"" + id + "\"]}");
        assertThat(JsonPath.<String>read(operator.body(), "$.items[0].outcome")).isEqualTo("REPLAYED");
        verify(kafka, times(1)).send(anyString(), anyString(), any());
    }

    @Test
    void theActuatorBeyondHealthNeedsAnOperator() {
        assertThat(new ApiClient(port, READ_TOKEN).get("/actuator/metrics").statusCode())
                .isEqualTo(403);
        assertThat(new ApiClient(port, OPERATOR_TOKEN).get("/actuator/metrics").statusCode())
                .isEqualTo(200);
        assertThat(new ApiClient(port, null).get("/actuator/health").statusCode())
                .isEqualTo(200);
    }

    @Test
    void thePageAndTheApiCarrySpringSecuritysHeadersAndNoCookie() {
        for (var answer : List.of(
                new ApiClient(port, null).get("/"), new ApiClient(port, READ_TOKEN).get("/v1/notifications?limit=1"))) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
            assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(new ApiClient(port, null).get("/").body()).contains("<title>Herald audit</title>");
    }

    private boolean open(EveryDoor.Answer answer) {
        return EveryDoor.isOpen(answer) || PAGE.contains(answer.path());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String deadLettered() {
        String id = newId();
        var a = attempt(id, 1, Outcome.PERMANENT);
        recorder.record(accepted(id));
        recorder.record(a);
        recorder.record(deadLetter(id, Outcome.PERMANENT, a));
        return id;
    }
}
