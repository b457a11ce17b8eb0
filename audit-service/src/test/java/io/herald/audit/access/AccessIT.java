package io.herald.audit.access;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.consume.AuditRecorder;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.schema.Outcome;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Who may call what: no or a wrong token gets 401, a READ token gets 403 on replay, and a refused call changes nothing. */
class AccessIT extends AuditItSupport {

    @LocalServerPort
    int port;

    @Autowired
    AuditRecorder recorder;

    @Autowired
    AuditStore store;

    @Test
    void everyApiEndpointNeedsAToken() {
        ApiClient anonymous = new ApiClient(port, null);

        for (String path : new String[] {"/v1/notifications/x", "/v1/notifications", "/v1/dead-letters", "/v1/counts"}) {
            HttpResponse<String> answer = anonymous.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
    }

    @Test
    void wrongTokenIsUnauthorizedAndNotEchoed() {
        String guess = READ_TOKEN + "x";

        HttpResponse<String> answer = new ApiClient(port, guess).get("/v1/notifications");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(guess, READ_TOKEN, OPERATOR_TOKEN);
    }

    @Test
    void readTokenReadsButCannotReplayAndItsReplayChangesNothing() {
        String id = newId();
        recorder.record(accepted(id));
        var a = attempt(id, 1, Outcome.PERMANENT);
        recorder.record(a);
        recorder.record(deadLetter(id, Outcome.PERMANENT, a));
        ApiClient reader = new ApiClient(port, READ_TOKEN);

        HttpResponse<String> read = reader.get("/v1/notifications/" + id);
        HttpResponse<String> replay = reader.post("/v1/replays", "{\"ids\":[\"" + id + "\"]}");
        HttpResponse<String> anonymousReplay = new ApiClient(port, null).post("/v1/replays", "{\"ids\":[\"" + id + "\"]}");

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(replay.body()).contains("OPERATOR").doesNotContain(READ_TOKEN);
        assertThat(anonymousReplay.statusCode()).isEqualTo(401);
        assertThat(store.events(id)).extracting(EventRecord::kind).doesNotContain(EventKind.REPLAYED);
        assertThat(store.findNotification(id).orElseThrow().replays()).isZero();
        assertThat(store.findNotification(id + "-replay-1")).isEmpty();
    }

    @Test
    void healthThePageAndTheApiDocumentStayOpen() {
        ApiClient anonymous = new ApiClient(port, null);

        assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/v1/openapi.yaml").statusCode()).isEqualTo(200);
    }
}
