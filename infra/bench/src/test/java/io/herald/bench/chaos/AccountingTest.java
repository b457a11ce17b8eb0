package io.herald.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.ReceivedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingTest {

    private static final long SECOND = 1_000_000_000L;

    private final ReceiptLedger ledger = new ReceiptLedger();
    private final Map<String, Long> published = new LinkedHashMap<>();
    private final Map<String, String> statuses = new LinkedHashMap<>();

    @Test
    void everyNotificationDeliveredOrDeadLetteredPasses() {
        publish("a", 1, "DELIVERED");
        publish("b", 2, "DEAD_LETTERED");
        receive("a", 3, "ok");
        receive("b", 3, "fault injected: HTTP 503");

        Accounting accounting = Accounting.of(published, statuses, ledger, 2 * SECOND);

        assertThat(accounting.published()).isEqualTo(2);
        assertThat(accounting.delivered()).isEqualTo(1);
        assertThat(accounting.deadLettered()).isEqualTo(1);
        assertThat(accounting.stuck()).isZero();
        assertThat(accounting.faultedReceipts()).isEqualTo(1);
        assertThat(accounting.lossFree()).isTrue();
        assertThat(result(accounting).passed()).isTrue();
        assertThat(result(accounting).problems()).isEmpty();
    }

    @Test
    void oneNotificationStillRetryingAndOneTheAuditStoreNeverSawAreStuckAndFail() {
        publish("a", 1, "DELIVERED");
        publish("b", 1, "RETRYING");
        published.put("c", SECOND); // never reached the audit store
        receive("a", 2, "ok");

        Accounting accounting = Accounting.of(published, statuses, ledger, SECOND);

        assertThat(accounting.stuck()).isEqualTo(2);
        assertThat(accounting.lossFree()).isFalse();
        FaultResult result = result(accounting);
        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .containsExactly(
                        "2 published but neither delivered nor dead-lettered",
                        "2 stuck (not final after the grace period)");
    }

    @Test
    void aRejectedRequestBreaksTheRuleAndNothingPublishedIsNoPass() {
        publish("a", 1, "REJECTED");

        FaultResult rejected = result(Accounting.of(published, statuses, ledger, SECOND));
        FaultResult empty = result(Accounting.of(Map.of(), Map.of(), ledger, SECOND));

        assertThat(rejected.passed()).isFalse();
        assertThat(rejected.problems())
                .containsExactly(
                        "1 published but neither delivered nor dead-lettered", "1 rejected by ingest (valid requests)");
        assertThat(empty.passed()).isFalse();
        assertThat(empty.problems()).containsExactly("nothing was published");
    }

    @Test
    void theSameWebhookIdAcceptedTwiceIsADuplicateAndADelayedAnswerStillCountsAsAccepted() {
        publish("a", 1, "DELIVERED");
        publish("b", 1, "DELIVERED");
        receive("a", 2, "ok, fault injected: delayed 10000 ms");
        receive("a", 15, "ok");
        receive("b", 2, "signature timestamp outside the tolerance");
        receive("b", 4, "ok");

        Accounting accounting = Accounting.of(published, statuses, ledger, SECOND);

        assertThat(accounting.duplicateIds()).isEqualTo(1);
        assertThat(accounting.extraReceipts()).isEqualTo(1);
        assertThat(accounting.duplicates()).containsExactly("a");
        assertThat(accounting.rejectedReceipts()).isEqualTo(1);
        assertThat(accounting.lossFree()).isTrue();
    }

    @Test
    void recoveryRunsFromTheFaultsEndToTheLastArrivalOfWhatWasPublishedBeforeIt() {
        publish("before-1", 1, "DELIVERED");
        publish("before-2", 9, "DELIVERED");
        publish("before-dead", 9, "DEAD_LETTERED"); // never arrives; does not hold recovery back
        publish("after", 11, "DELIVERED");
        receive("before-1", 30, "ok");
        receive("before-2", 42, "ok");
        receive("after", 60, "ok");

        Accounting accounting = Accounting.of(published, statuses, ledger, 10 * SECOND);

        assertThat(accounting.recovery()).contains(Duration.ofSeconds(32));
        assertThat(accounting.latencyMax()).isBetween(Duration.ofMillis(48_900), Duration.ofMillis(49_100));
    }

    @Test
    void aDeliveredNotificationTheSandboxNeverAcceptedIsAFindingAndLeavesRecoveryOpen() {
        publish("a", 1, "DELIVERED");

        Accounting accounting = Accounting.of(published, statuses, ledger, 2 * SECOND);

        assertThat(accounting.phantoms()).isEqualTo(1);
        assertThat(accounting.recovery()).isEmpty();
        assertThat(result(accounting).findings())
                .containsExactly("1 DELIVERED in the audit store that the sandbox never accepted");
    }

    @Test
    void duplicatesTheTimelineDoesNotShowAreAFindingNotAFailure() {
        publish("a", 1, "DELIVERED");
        receive("a", 2, "ok");
        receive("a", 3, "ok");
        Accounting accounting = Accounting.of(published, statuses, ledger, SECOND);

        FaultResult result = new FaultResult(
                FaultKind.KILL_DISPATCHER,
                "kill -9 dispatcher (pid 1)",
                List.of(),
                accounting,
                0,
                null,
                0,
                1,
                0,
                Duration.ofMinutes(1),
                null);

        assertThat(result.passed()).isTrue();
        assertThat(result.findings())
                .containsExactly("1 of 1 duplicated notifications show a single try in the audit timeline");
    }

    @Test
    void aTimelineWithTwoTriesShowsTheRepeat() {
        assertThat(new AuditClient.Tries(2, 1).showsRepeat()).isTrue();
        assertThat(new AuditClient.Tries(1, 2).showsRepeat()).isTrue();
        assertThat(new AuditClient.Tries(1, 1).showsRepeat()).isFalse();
    }

    private void publish(String id, long atSecond, String status) {
        published.put(id, atSecond * SECOND);
        statuses.put(id, status);
    }

    private void receive(String id, long atSecond, String verdict) {
        ledger.record(
                new ReceivedRequest(
                        "webhook",
                        Instant.EPOCH,
                        "POST",
                        "/webhook/ch",
                        null,
                        Map.of("Webhook-Id", "msg_" + id),
                        "{}",
                        200,
                        "",
                        verdict,
                        null),
                atSecond * SECOND);
    }

    private static FaultResult result(Accounting accounting) {
        return new FaultResult(
                FaultKind.KILL_SIGNER,
                "kill -9 signer (pid 1)",
                List.of(),
                accounting,
                0,
                null,
                0,
                0,
                0,
                Duration.ofMinutes(1),
                null);
    }
}
