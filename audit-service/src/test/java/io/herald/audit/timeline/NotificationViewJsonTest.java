package io.herald.audit.timeline;

import static io.herald.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationChange.ReplayLineage;
import io.herald.audit.store.NotificationRecord;
import io.herald.audit.store.NotificationStatus;
import io.herald.contract.provider.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON users read from GET /v1/notifications/{id}, as Jackson writes it with its defaults. */
class NotificationViewJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void deliveredNotificationShowsStateAndTimeline() {
        NotificationView view = NotificationView.of(
                notification(NotificationStatus.DELIVERED, null),
                List.of(
                        new EventRecord(
                                1L,
                                "n-1",
                                io.herald.audit.store.EventKind.ACCEPTED,
                                0,
                                T0,
                                null,
                                "KAFKA",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        EventRecord.attempt(
                                "n-1",
                                1,
                                T0.plusMillis(150),
                                "DELIVERED",
                                new EventRecord.AttemptFacts(
                                        T0.plusMillis(100),
                                        200,
                                        "0",
                                        "ok",
                                        null,
                                        12L,
                                        "dispatcher-1",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null))));

        DocumentContext doc = JsonPath.parse(json.writeValueAsString(view));

        assertThat(doc.read("$.id", String.class)).isEqualTo("n-1");
        assertThat(doc.read("$.status", String.class)).isEqualTo("DELIVERED");
        assertThat(doc.read("$.acceptedAt", String.class)).isEqualTo("2025-03-01T08:00:00Z");
        assertThat(doc.read("$.deliveredAt", String.class)).isEqualTo("2025-03-01T08:00:00.162Z");
        assertThat(doc.read("$.attempts", Integer.class)).isEqualTo(1);
        assertThat(doc.read("$.traceId", String.class)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(doc.read("$.replay", Object.class)).isNull();
        assertThat(doc.read("$.timeline[*].type", List.class)).containsExactly("ACCEPTED", "SIGNED", "ATTEMPT");
        assertThat(doc.read("$.timeline[0]", Map.class))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("type", "ACCEPTED", "at", "2025-03-01T08:00:00Z", "source", "KAFKA"));
        assertThat(doc.read("$.timeline[1]", Map.class))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("type", "SIGNED", "at", "2025-03-01T08:00:00.100Z", "attempt", 1));
        Map<String, Object> attempt = doc.read("$.timeline[2]", Map.class);
        assertThat(attempt)
                .containsEntry("at", "2025-03-01T08:00:00.150Z")
                .containsEntry("attempt", 1)
                .containsEntry("outcome", "DELIVERED")
                .containsEntry("httpStatus", 200)
                .containsEntry("providerCode", "0")
                .containsEntry("providerMessage", "ok")
                .containsEntry("latencyMs", 12)
                .containsEntry("dispatcher", "dispatcher-1")
                .containsEntry("error", null)
                .containsEntry("explanation", null);
    }

    @Test
    void aFailedAttemptCarriesItsExplanationWithTheDocsLink() {
        var entry = new TimelineEntry.Attempt(
                T0,
                1,
                "PERMANENT",
                200,
                "310000",
                "sign not match",
                40L,
                null,
                "dispatcher-1",
                null,
                null,
                null,
                null,
                new EventRecord.Explanation(
                        "DingTalk 310000: sign not match: secret mismatch",
                        "the channel's secret is not the robot's",
                        "https://open.dingtalk.com/document/robots/customize-robot-security-settings"));

        DocumentContext doc = JsonPath.parse(json.writeValueAsString(entry));

        assertThat(doc.read("$.explanation", Map.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "text", "DingTalk 310000: sign not match: secret mismatch",
                        "likelyCause", "the channel's secret is not the robot's",
                        "docs", "https://open.dingtalk.com/document/robots/customize-robot-security-settings"));
    }

    @Test
    void typeIsTheFirstPropertyOfEveryEntry() {
        String text = json.writeValueAsString(new TimelineEntry.DeadLetter(T0, "PERMANENT", "bad token", 3));

        assertThat(text).startsWith("{\"type\":\"DEAD_LETTER\",\"at\":\"2025-03-01T08:00:00Z\"");
        assertThat(text).contains("\"finalOutcome\":\"PERMANENT\"", "\"reason\":\"bad token\"");
    }

    @Test
    void rejectionListsViolationsAsObjects() {
        var entry = new TimelineEntry.Rejected(
                T0,
                "HTTP",
                List.of(new EventRecord.Violation("channel", "unknown_channel", "no channel named 'x'")),
                null,
                null,
                null);

        DocumentContext doc = JsonPath.parse(json.writeValueAsString(entry));

        assertThat(doc.read("$.type", String.class)).isEqualTo("REJECTED");
        assertThat(doc.read("$.violations[0]", Map.class))
                .isEqualTo(Map.of("field", "channel", "code", "unknown_channel", "message", "no channel named 'x'"));
    }

    @Test
    void replayedNotificationNamesItsOrigin() {
        NotificationView view = NotificationView.of(
                notification(NotificationStatus.ACCEPTED, new ReplayLineage("n-0", 2, "alice", T0.minusSeconds(60))),
                List.of());

        DocumentContext doc = JsonPath.parse(json.writeValueAsString(view));

        assertThat(doc.read("$.replay", Map.class))
                .isEqualTo(Map.of(
                        "originalId",
                        "n-0",
                        "replayCount",
                        2,
                        "requestedBy",
                        "alice",
                        "requestedAt",
                        "2025-03-01T07:59:00Z"));
        assertThat(doc.read("$.timeline", List.class)).isEmpty();
    }

    @Test
    void aWaitingNotificationSaysWhyAsItsLastEntryAndAsAField() {
        NotificationView view = NotificationView.of(
                notification(NotificationStatus.ACCEPTED, null, "webhook"),
                List.of(EventRecord.accepted("n-1", T0, "HTTP")),
                Map.of(),
                new UnservedProviders.Unserved(Provider.of("webhook"), T0.plusSeconds(30)));

        DocumentContext doc = JsonPath.parse(json.writeValueAsString(view));

        Map<String, Object> waiting = new java.util.HashMap<>(Map.of(
                "type",
                "WAITING",
                "at",
                "2025-03-01T08:00:30Z",
                "provider",
                "webhook",
                "consumerGroup",
                "herald-dispatcher-webhook",
                "reason",
                "no running dispatcher serves provider webhook:"
                        + " consumer group herald-dispatcher-webhook has no members"));
        // the fields of a wait behind another notification of an ordered channel, null here
        waiting.put("attempt", null);
        waiting.put("waitingBehind", null);
        waiting.put("notSentCause", null);
        assertThat(doc.read("$.timeline[*].type", List.class)).containsExactly("ACCEPTED", "WAITING");
        assertThat(doc.read("$.timeline[1]", Map.class)).containsExactlyInAnyOrderEntriesOf(waiting);
        assertThat(doc.read("$.waiting", Map.class)).containsExactlyInAnyOrderEntriesOf(waiting);
    }

    @Test
    void aNotificationNothingHoldsHasNoWaitingField() {
        NotificationView view = NotificationView.of(notification(NotificationStatus.ACCEPTED, null), List.of());

        String text = json.writeValueAsString(view);

        assertThat(JsonPath.parse(text).read("$.waiting", Object.class)).isNull();
        assertThat(text).contains("\"waiting\":null");
    }

    private static NotificationRecord notification(NotificationStatus status, ReplayLineage replay) {
        return notification(status, replay, "dingtalk");
    }

    private static NotificationRecord notification(NotificationStatus status, ReplayLineage replay, String provider) {
        return new NotificationRecord(
                "n-1",
                "ops-alerts",
                provider,
                "acme",
                "key-1",
                "KAFKA",
                status,
                T0,
                null,
                status == NotificationStatus.DELIVERED ? T0.plusMillis(162) : null,
                null,
                status == NotificationStatus.DELIVERED ? 1 : 0,
                null,
                null,
                null,
                replay,
                T0,
                T0,
                T0.plusSeconds(1),
                0,
                null,
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
