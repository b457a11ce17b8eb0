package io.herald.audit.ordering;

import static io.herald.audit.ordering.OrderingStatesFixture.state;
import static io.herald.audit.ordering.OrderingStatesFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrderingViewTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void nothingWaitingIsClear() {
        OrderingView view = OrderingView.of(state("ops", T0).build());

        assertThat(view).isEqualTo(new OrderingView("ops", "clear", null, 0, null, T0));
    }

    @Test
    void theFirstWaitingIsTheHeadWithItsNextAndLastTry() {
        OrderingView view = OrderingView.of(state("ops", T0, "n-1", "n-2", "n-3")
                .setHeadDueAt(T0.plusSeconds(30))
                .setHeadLast("RETRYABLE 130101 send too fast")
                .build());

        assertThat(view.state()).isEqualTo("waiting");
        assertThat(view.head())
                .isEqualTo(new OrderingView.Head("n-1", 7, T0.plusSeconds(30), "RETRYABLE 130101 send too fast"));
        assertThat(view.waiting()).isEqualTo(3);
        assertThat(view.stopped()).isNull();
    }

    @Test
    void aStopWinsOverWaiting() {
        OrderingView view = OrderingView.of(state("ops", T0, "n-2")
                .setStopped(stop("n-1", "PERMANENT 310000 sign not match", T0.minusSeconds(5)))
                .build());

        assertThat(view.state()).isEqualTo("stopped");
        assertThat(view.stopped())
                .isEqualTo(new OrderingView.Stopped("n-1", "PERMANENT 310000 sign not match", T0.minusSeconds(5)));
        assertThat(view.head().notificationId()).isEqualTo("n-2");
    }

    @Test
    void hiddenIdsAreNull() {
        OrderingView view = OrderingView.of(
                state("ops", T0, "n-1").setStopped(stop("n-0", "gone", T0)).build(), id -> null);

        assertThat(view.head().notificationId()).isNull();
        assertThat(view.stopped().notificationId()).isNull();
    }

    @Test
    void jsonHasEveryFieldNullsIncluded() {
        String text = JsonMapper.builder()
                .build()
                .writeValueAsString(OrderingView.of(
                        state("ops", T0, "n-1").setHeadDueAt(T0.plusSeconds(30)).build()));

        Map<String, Object> json = JsonPath.parse(text).read("$");
        assertThat(json).containsOnlyKeys("channel", "state", "head", "waiting", "stopped", "updatedAt");
        Map<String, Object> head = JsonPath.parse(text).read("$.head", Map.class);
        assertThat(head)
                .containsOnlyKeys("notificationId", "sequence", "dueAt", "last")
                .containsEntry("notificationId", "n-1")
                .containsEntry("sequence", 7)
                .containsEntry("dueAt", "2025-03-01T08:00:30Z")
                .containsEntry("last", null);
        assertThat(json).containsEntry("updatedAt", "2025-03-01T08:00:00Z").containsEntry("stopped", null);
    }
}
