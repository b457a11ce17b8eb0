package io.herald.audit.replay;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.audit.Fixtures;
import io.herald.audit.consume.AuditRecorder;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.kafka.Topics;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Outcome;
import io.herald.schema.Source;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * POST /v1/replays over real HTTP on real PostgreSQL; only the Kafka producer is replaced, so the test sees exactly
 * what would be sent to herald.accepted. (The end-to-end replay through the signer is infra/local-stack's ReplayIT.)
 */
class ReplayApiIT extends AuditItSupport {

    @LocalServerPort
    int port;

    @Autowired
    AuditRecorder recorder;

    @Autowired
    Topics topics;

    @MockitoBean
    KafkaTemplate<String, Object> kafka;

    @MockitoBean
    ChannelDirectory channels;

    private ApiClient operator;

    @BeforeEach
    void brokerAcknowledges() {
        operator = new ApiClient(port, OPERATOR_TOKEN);
        clearInvocations(kafka);
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void dryRunReportsWhatWouldBeReplayedAndSendsNothing() {
        String id = deadLettered();

        DocumentContext result = replay("{\"ids\":[\"" + id + "\"],\"dryRun\":true}");

        assertThat(result.read("$.dryRun", Boolean.class)).isTrue();
        assertThat(result.read("$.items[0].outcome", String.class)).isEqualTo("WOULD_REPLAY");
        assertThat(result.read("$.items[0].replayId", String.class)).isEqualTo(id + "-replay-1");
        verify(kafka, never()).send(anyString(), anyString(), any());
        assertThat(timeline(id).read("$.replays", Integer.class)).isZero();
    }

    @Test
    void replayPublishesTheStoredNotificationWithLineageUnderANewId() {
        String id = deadLettered();

        DocumentContext result = replay("{\"ids\":[\"" + id + "\"]}");

        assertThat(result.read("$.items[0].outcome", String.class)).isEqualTo("REPLAYED");
        assertThat(result.read("$.requestedBy", String.class)).isEqualTo("ops");
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka)
                .send(
                        org.mockito.ArgumentMatchers.eq(topics.accepted()),
                        org.mockito.ArgumentMatchers.eq("ops-alerts"),
                        sent.capture());
        AcceptedNotification replay = (AcceptedNotification) sent.getValue();
        AcceptedNotification original = accepted(id);
        assertThat(replay.getNotificationId()).isEqualTo(id + "-replay-1");
        assertThat(replay.getSource()).isEqualTo(Source.REPLAY);
        assertThat(replay.getContent()).isEqualTo(original.getContent());
        assertThat(replay.getAttributes()).isEqualTo(original.getAttributes());
        assertThat(replay.getTenant()).isEqualTo("acme");
        assertThat(replay.getIdempotencyKey()).isNull();
        assertThat(replay.getReplay().getOriginalNotificationId()).isEqualTo(id);
        assertThat(replay.getReplay().getReplayCount()).isEqualTo(1);
        assertThat(replay.getReplay().getRequestedBy()).isEqualTo("ops");
        assertThat(replay.getAcceptedAt()).isEqualTo(replay.getReplay().getRequestedAt());

        DocumentContext timeline = timeline(id);
        assertThat(timeline.read("$.replays", Integer.class)).isEqualTo(1);
        assertThat(timeline.read("$.lastReplayId", String.class)).isEqualTo(id + "-replay-1");
        assertThat(timeline.read("$.timeline[-1]", Map.class))
                .containsEntry("type", "REPLAYED")
                .containsEntry("replayId", id + "-replay-1")
                .containsEntry("requestedBy", "ops")
                .containsEntry("replayCount", 1);
    }

    @Test
    void replayOfTheReplayShowsItsStatusOnTheOriginalsTimeline() {
        String id = deadLettered();
        replay("{\"ids\":[\"" + id + "\"]}");
        // audit then reads the replay's own events from herald.accepted and herald.attempts
        String replayId = id + "-replay-1";
        recorder.record(AcceptedNotification.newBuilder(accepted(replayId))
                .setSource(Source.REPLAY)
                .build());
        recorder.record(attempt(replayId, 1, Outcome.DELIVERED));

        assertThat(timeline(id).read("$.timeline[-1].replayStatus", String.class))
                .isEqualTo("DELIVERED");
    }

    @Test
    void secondReplayNeedsForce() {
        String id = deadLettered();
        replay("{\"ids\":[\"" + id + "\"]}");

        DocumentContext refused = replay("{\"ids\":[\"" + id + "\"]}");
        DocumentContext forced = replay("{\"ids\":[\"" + id + "\"],\"force\":true}");

        assertThat(refused.read("$.items[0].outcome", String.class)).isEqualTo("ALREADY_REPLAYED");
        assertThat(refused.read("$.items[0].detail", String.class)).contains("force");
        assertThat(forced.read("$.items[0].outcome", String.class)).isEqualTo("REPLAYED");
        assertThat(forced.read("$.items[0].replayId", String.class)).isEqualTo(id + "-replay-2");
        assertThat(forced.read("$.items[0].replayCount", Integer.class)).isEqualTo(2);
        assertThat(timeline(id).read("$.timeline[?(@.type == 'REPLAYED')].replayId", List.class))
                .containsExactly(id + "-replay-1", id + "-replay-2");
    }

    @Test
    void onlyDeadLettersAreReplayedAndUnknownIdsAreNamed() {
        String delivered = newId();
        recorder.record(accepted(delivered));
        recorder.record(attempt(delivered, 1, Outcome.DELIVERED));

        DocumentContext result = replay("{\"ids\":[\"" + delivered + "\",\"no-such-id\"]}");

        assertThat(result.read("$.items[*].outcome", List.class)).containsExactly("NOT_DEAD_LETTERED", "NOT_FOUND");
        verify(kafka, never()).send(anyString(), anyString(), any());
    }

    @Test
    void replayByFilterSelectsTheMatchingDeadLetters() {
        String tenant = "tenant-" + newId();
        String first = deadLettered(tenant);
        String second = deadLettered(tenant);
        deadLettered(); // another tenant

        DocumentContext result =
                replay("{\"filter\":{\"tenant\":\"" + tenant + "\",\"providerCode\":\"300001\"}," + "\"dryRun\":true}");

        assertThat(result.read("$.items[*].id", List.class)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void unacknowledgedSendIsReportedAndNotRecorded() {
        String id = deadLettered();
        when(kafka.send(anyString(), anyString(), any()))
                .thenReturn(CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("t")));

        DocumentContext result = replay("{\"ids\":[\"" + id + "\"]}");

        assertThat(result.read("$.items[0].outcome", String.class)).isEqualTo("FAILED");
        assertThat(result.read("$.items[0].detail", String.class))
                .isEqualTo("the broker did not acknowledge the replay (the broker could not be reached in time)");
        assertThat(timeline(id).read("$.replays", Integer.class)).isZero();
    }

    @Test
    void requestNamingBothIdsAndFilterIsRefused() {
        HttpResponse<String> answer = operator.post("/v1/replays", "{\"ids\":[\"x\"],\"filter\":{}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aReplayStartsItsRouteAgainAtTheChannelItWasPublishedTo() {
        var robot = new io.herald.contract.channel.Channel(
                "dingtalk",
                java.net.URI.create("https://oapi.dingtalk.com/robot/send"),
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null);
        when(channels.entry("ops-alerts"))
                .thenReturn(java.util.Optional.of(new io.herald.contract.channel.ChannelEntry(
                        "ops-alerts", "acme", io.herald.schema.ChannelState.ACTIVE, robot, Map.of(), 1)));
        String id = newId();
        var onFallback = attempt(id, 2, Outcome.PERMANENT);
        onFallback.setChannel("hooks-ops");
        onFallback.setProvider("webhook");
        var dl = deadLetter(id, Outcome.PERMANENT, attempt(id, 1, Outcome.PERMANENT), onFallback);
        dl.setChannel("hooks-ops");
        dl.setProvider("webhook");
        dl.setNotification(AcceptedNotification.newBuilder(accepted(id))
                .setChannel("hooks-ops")
                .setProvider("webhook")
                .setRoute(new io.herald.schema.RouteLineage(
                        "ops-alerts",
                        List.of(new io.herald.schema.RouteHop(
                                "ops-alerts", "hooks-ops", "ops-alerts: 300001", Fixtures.T0.plusSeconds(2)))))
                .build());
        recorder.record(accepted(id));
        recorder.record(dl);

        replay("{\"ids\":[\"" + id + "\"]}");

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka)
                .send(
                        org.mockito.ArgumentMatchers.eq(topics.accepted()),
                        org.mockito.ArgumentMatchers.eq("ops-alerts"),
                        sent.capture());
        AcceptedNotification replay = (AcceptedNotification) sent.getValue();
        assertThat(replay.getChannel()).isEqualTo("ops-alerts");
        assertThat(replay.getProvider()).isEqualTo("dingtalk");
        assertThat(replay.getRoute()).isNull();
    }

    private String deadLettered() {
        return deadLettered("acme");
    }

    private String deadLettered(String tenant) {
        String id = newId();
        var a = attempt(id, 1, Outcome.PERMANENT);
        var dl = deadLetter(id, Outcome.PERMANENT, a);
        dl.setTenant(tenant);
        dl.getNotification().setTenant(tenant);
        recorder.record(
                AcceptedNotification.newBuilder(accepted(id)).setTenant(tenant).build());
        recorder.record(a);
        recorder.record(dl);
        return id;
    }

    private DocumentContext replay(String body) {
        HttpResponse<String> answer = operator.post("/v1/replays", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonPath.parse(answer.body());
    }

    private DocumentContext timeline(String id) {
        HttpResponse<String> answer = new ApiClient(port, READ_TOKEN).get("/v1/notifications/" + id);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JsonPath.parse(answer.body());
    }
}
