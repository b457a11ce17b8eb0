package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.herald.sandbox.ReceivedRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyTrackerTest {

    private static final long MS = 1_000_000;

    private final LatencyTracker tracker = new LatencyTracker("bench-m-", 3);

    @Test
    void latencyIsMeasuredFromTheIntendedSendTimeToTheFirstAcceptedReceipt() throws Exception {
        tracker.sent(0, 1_000 * MS);
        tracker.sent(1, 1_001 * MS);
        tracker.sent(2, 1_002 * MS);

        tracker.received(receipt("Webhook-id", "msg_bench-m-1", "timestamp too old"), 1_100 * MS);
        tracker.received(receipt("Webhook-id", "msg_bench-m-1", "ok"), 1_201 * MS);
        tracker.received(receipt("webhook-id", "msg_bench-m-0", "ok"), 1_010 * MS);
        tracker.received(receipt("Webhook-id", "msg_bench-m-0", "ok"), 1_500 * MS); // at-least-once duplicate
        tracker.received(receipt("Webhook-id", "msg_bench-m-2", "ok"), 1_052 * MS);

        assertThat(tracker.awaitAll(System.nanoTime())).isTrue();
        assertThat(tracker.delivered()).isEqualTo(3);
        assertThat(tracker.duplicates()).isEqualTo(1);
        assertThat(tracker.rejectedByVerdict()).containsExactly(Map.entry("timestamp too old", 1L));
        assertThat(tracker.latencyMicros().getMaxValueAsDouble() / 1000).isCloseTo(200, offset(1.0));
        assertThat(tracker.latencyMicros().getMinValue() / 1000).isEqualTo(10);
        assertThat(tracker.latencyMicros().getTotalCount()).isEqualTo(3);
        assertThat(tracker.lastReceiptNanos()).isEqualTo(1_201 * MS);
        assertThat(tracker.receiptTimes()).containsExactly(1_010 * MS, 1_052 * MS, 1_201 * MS);
    }

    @Test
    void requestsThatAreNotOursAreLeftAlone() throws Exception {
        assertThat(tracker.received(receipt("Webhook-id", "msg_bench-w-0", "ok"), 1))
                .isFalse();
        assertThat(tracker.received(receipt("Webhook-id", "msg_bench-m-3", "ok"), 1))
                .isFalse(); // beyond the count
        assertThat(tracker.received(receipt("Webhook-id", "msg_bench-m-x", "ok"), 1))
                .isFalse();
        assertThat(tracker.received(receipt("Content-Type", "application/json", "ok"), 1))
                .isFalse();

        assertThat(tracker.delivered()).isZero();
        assertThat(tracker.awaitAll(System.nanoTime())).isFalse();
    }

    @Test
    void theReceiptTimesDecideTheOrderNotTheOrderTheHookWasCalledIn() {
        LatencyTracker six = new LatencyTracker("bench-m-", 6);
        for (int i : new int[] {0, 1, 4, 3, 2, 5}) {
            six.received(receipt("Webhook-id", "msg_bench-m-" + i, "ok"), (10 + i) * MS);
        }

        assertThat(six.outOfOrder(2)).isZero();
    }

    @Test
    void outOfOrderCountsByReceiptTime() {
        LatencyTracker six = new LatencyTracker("bench-m-", 6);
        long at = 10;
        for (int i : new int[] {0, 1, 4, 3, 2, 5}) {
            six.received(receipt("Webhook-id", "msg_bench-m-" + i, "ok"), at++ * MS);
        }

        // two channels: 0, 2, 4 on one and 1, 3, 5 on the other; 2 arrived after 4
        assertThat(six.outOfOrder(2)).isEqualTo(1);
        assertThat(six.outOfOrder(1)).isEqualTo(2); // 3 and 2 after 4
    }

    private static ReceivedRequest receipt(String header, String value, String verdict) {
        return new ReceivedRequest(
                "webhook",
                Instant.EPOCH,
                "POST",
                "/webhook/bench-000",
                null,
                Map.of(header, value),
                "{}",
                "ok".equals(verdict) ? 204 : 401,
                null,
                verdict);
    }
}
