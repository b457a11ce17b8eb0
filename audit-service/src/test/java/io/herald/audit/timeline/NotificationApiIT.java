package io.herald.audit.timeline;

import static io.herald.audit.Fixtures.T0;
import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static io.herald.audit.Fixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.AuditItSupport;
import io.herald.audit.Fixtures;
import io.herald.audit.consume.AuditRecorder;
import io.herald.schema.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /v1/notifications/{id} over real HTTP, as a user or the UI reads it. */
class NotificationApiIT extends AuditItSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    AuditRecorder recorder;

    @Test
    void deliveredNotificationShowsItsWholeTimelineInOrder() throws Exception {
        String id = newId();
        // read out of order, as four topics may deliver them
        recorder.record(attempt(id, 2, Outcome.DELIVERED));
        recorder.record(accepted(id));
        recorder.record(attempt(id, 1, Outcome.RESIGN));

        HttpResponse<String> response = get("/v1/notifications/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        DocumentContext doc = JsonPath.parse(response.body());
        assertThat(doc.read("$.id", String.class)).isEqualTo(id);
        assertThat(doc.read("$.channel", String.class)).isEqualTo("ops-alerts");
        assertThat(doc.read("$.provider", String.class)).isEqualTo("dingtalk");
        assertThat(doc.read("$.tenant", String.class)).isEqualTo("acme");
        assertThat(doc.read("$.status", String.class)).isEqualTo("DELIVERED");
        assertThat(doc.read("$.acceptedAt", String.class)).isEqualTo("2025-03-01T08:00:00Z");
        assertThat(doc.read("$.deliveredAt", String.class)).isEqualTo("2025-03-01T08:00:02.112Z");
        assertThat(doc.read("$.deadLetteredAt", Object.class)).isNull();
        assertThat(doc.read("$.attempts", Integer.class)).isEqualTo(2);
        assertThat(doc.read("$.replay", Object.class)).isNull();
        assertThat(doc.read("$.timeline[*].type", List.class))
                .containsExactly("ACCEPTED", "SIGNED", "ATTEMPT", "SIGNED", "ATTEMPT");
        assertThat(doc.read("$.timeline[*].at", List.class))
                .containsExactly(
                        "2025-03-01T08:00:00Z",
                        "2025-03-01T08:00:01Z",
                        "2025-03-01T08:00:01.100Z",
                        "2025-03-01T08:00:02Z",
                        "2025-03-01T08:00:02.100Z");
        assertThat(doc.read("$.timeline[0].source", String.class)).isEqualTo("KAFKA");
        assertThat(doc.read("$.timeline[1].attempt", Integer.class)).isEqualTo(1);
        Map<String, Object> resign = doc.read("$.timeline[2]", Map.class);
        assertThat(resign)
                .containsEntry("attempt", 1)
                .containsEntry("outcome", "RESIGN")
                .containsEntry("httpStatus", 200)
                .containsEntry("providerCode", "310000")
                .containsEntry("providerMessage", "invalid timestamp")
                .containsEntry("latencyMs", 12)
                .containsEntry("error", null)
                .containsEntry("dispatcher", "dispatcher-1");
        assertThat(doc.read("$.timeline[4].outcome", String.class)).isEqualTo("DELIVERED");
    }

    @Test
    void deadLetteredNotificationEndsWithItsReason() throws Exception {
        String id = newId();
        recorder.record(accepted(id));
        recorder.record(attempt(id, 1, Outcome.PERMANENT));
        recorder.record(deadLetter(id, Outcome.PERMANENT, attempt(id, 1, Outcome.PERMANENT)));

        DocumentContext doc = JsonPath.parse(get("/v1/notifications/" + id).body());

        assertThat(doc.read("$.status", String.class)).isEqualTo("DEAD_LETTERED");
        assertThat(doc.read("$.deadLetteredAt", String.class)).isEqualTo("2025-03-01T08:01:00Z");
        assertThat(doc.read("$.timeline[*].type", List.class))
                .containsExactly("ACCEPTED", "SIGNED", "ATTEMPT", "DEAD_LETTER");
        assertThat(doc.read("$.timeline[3]", Map.class))
                .containsEntry("at", "2025-03-01T08:01:00Z")
                .containsEntry("finalOutcome", "PERMANENT")
                .containsEntry("reason", "robot access token unknown (errcode 300001)");
    }

    @Test
    void rejectedNotificationShowsItsViolations() throws Exception {
        String id = newId();
        recorder.record(rejected(id));

        DocumentContext doc = JsonPath.parse(get("/v1/notifications/" + id).body());

        assertThat(doc.read("$.status", String.class)).isEqualTo("REJECTED");
        assertThat(doc.read("$.timeline[*].type", List.class)).containsExactly("REJECTED");
        assertThat(doc.read("$.timeline[0].at", String.class)).isEqualTo("2025-03-01T08:00:00Z");
        assertThat(doc.read("$.timeline[0].violations", List.class))
                .containsExactly(
                        Map.of(
                                "field",
                                "channel",
                                "code",
                                "unknown_channel",
                                "message",
                                "no channel named 'no-such-channel'"),
                        Map.of("field", "content.text", "code", "blank", "message", "text must not be blank"));
    }

    @Test
    void replayedNotificationShowsItsLineage() throws Exception {
        String id = newId();
        recorder.record(Fixtures.replayOf(id, "n-original"));

        DocumentContext doc = JsonPath.parse(get("/v1/notifications/" + id).body());

        assertThat(doc.read("$.replay", Map.class))
                .isEqualTo(Map.of(
                        "originalId",
                        "n-original",
                        "replayCount",
                        1,
                        "requestedBy",
                        "alice",
                        "requestedAt",
                        T0.minusSeconds(5).toString()));
        assertThat(doc.read("$.timeline[0].source", String.class)).isEqualTo("REPLAY");
    }

    @Test
    void unknownNotificationIsProblemJsonNamingTheId() throws Exception {
        String id = "never-seen:" + newId();

        HttpResponse<String> response = get("/v1/notifications/" + URLEncoder.encode(id, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        DocumentContext doc = JsonPath.parse(response.body());
        assertThat(doc.read("$.status", Integer.class)).isEqualTo(404);
        assertThat(doc.read("$.title", String.class)).isEqualTo("Notification not found");
        assertThat(doc.read("$.detail", String.class)).contains(id);
        assertThat(doc.read("$.notificationId", String.class)).isEqualTo(id);
        assertThat(doc.read("$.instance", String.class)).startsWith("/v1/notifications/");
    }

    @Test
    void healthIsUpWhenTheDatabaseIs() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(response.body()).read("$.status", String.class))
                .isEqualTo("UP");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + READ_TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
