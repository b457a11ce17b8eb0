package io.herald.audit.operators;

import static io.herald.audit.Fixtures.T0;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.DeliveryAttempt;
import io.herald.schema.FailureExplanation;
import io.herald.schema.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorSignalsTest {

    private final OperatorSignals signals = new OperatorSignals("ops-room", Duration.ofMinutes(5));

    @Test
    void deadLetterIsToldWithItsReasonAndTheLastAttemptsExplanation() {
        DeliveryAttempt last = DeliveryAttempt.newBuilder(attempt("n-1", 1, Outcome.PERMANENT))
                .setExplanation(new FailureExplanation(
                        "DingTalk does not know this robot's access token.", "The robot was deleted.", null))
                .build();

        Signal signal = signals.of(deadLetter("n-1", Outcome.PERMANENT, last)).orElseThrow();

        assertThat(signal.kind()).isEqualTo(OperatorEventKind.DEAD_LETTERS);
        assertThat(signal.subject()).isEqualTo("ops-alerts");
        assertThat(signal.provider()).isEqualTo("dingtalk");
        assertThat(signal.tenant()).isEqualTo("acme");
        assertThat(signal.detail())
                .isEqualTo("robot access token unknown (errcode 300001) — DingTalk does not know this robot's access"
                        + " token. The robot was deleted.");
    }

    @Test
    void theOperatorsOwnChannelNeverFeedsANotice() {
        var dead = deadLetter("n-1", Outcome.PERMANENT);
        dead.setChannel("ops-room");
        DeliveryAttempt gone = notSent("ops-room", "endpoint_gone", T0);

        assertThat(signals.of(dead)).isEmpty();
        assertThat(signals.of(gone)).isEmpty();
    }

    @Test
    void circuitOpenIsToldOnlyOnceItStayedOpenForTheConfiguredTime() {
        assertThat(signals.of(notSent("ops-alerts", "circuit_open", T0))).isEmpty();
        assertThat(signals.of(notSent("ops-alerts", "circuit_open", T0.plusSeconds(240))))
                .isEmpty();

        Signal signal = signals.of(notSent("ops-alerts", "circuit_open", T0.plusSeconds(300)))
                .orElseThrow();

        assertThat(signal.kind()).isEqualTo(OperatorEventKind.CIRCUIT_OPEN);
        assertThat(signal.detail()).startsWith("open since " + T0 + " (5 min): ");
    }

    @Test
    void aSentAttemptRestartsTheCircuitClock() {
        signals.of(notSent("ops-alerts", "circuit_open", T0));
        signals.of(attempt("n-2", 1, Outcome.RETRYABLE));

        assertThat(signals.of(notSent("ops-alerts", "circuit_open", T0.plusSeconds(400))))
                .isEmpty();
        assertThat(signals.of(notSent("ops-alerts", "circuit_open", T0.plusSeconds(700))))
                .isPresent();
    }

    @Test
    void anUntrustedClockIsToldPerProvider() {
        Signal signal = signals.of(notSent("ops-alerts", "clock_untrusted", T0)).orElseThrow();

        assertThat(signal.kind()).isEqualTo(OperatorEventKind.CLOCK_UNTRUSTED);
        assertThat(signal.subject()).isEqualTo("dingtalk");
    }

    @Test
    void an410AnswerOrAGoneEndpointIsTold() {
        DeliveryAttempt answered410 = DeliveryAttempt.newBuilder(attempt("n-3", 1, Outcome.PERMANENT))
                .setHttpStatus(410)
                .setProviderCode(null)
                .setProviderMessage(null)
                .build();

        assertThat(signals.of(answered410))
                .hasValueSatisfying(s -> assertThat(s.kind()).isEqualTo(OperatorEventKind.ENDPOINT_GONE));
        assertThat(signals.of(notSent("ops-alerts", "endpoint_gone", T0)))
                .hasValueSatisfying(s -> assertThat(s.kind()).isEqualTo(OperatorEventKind.ENDPOINT_GONE));
    }

    @Test
    void ordinaryFailuresAndPacingAreNotToldOneByOne() {
        assertThat(signals.of(attempt("n-4", 1, Outcome.RETRYABLE))).isEmpty();
        assertThat(signals.of(attempt("n-4", 2, Outcome.DELIVERED))).isEmpty();
        assertThat(signals.of(notSent("ops-alerts", "paced", T0))).isEmpty();
        assertThat(signals.of(notSent("ops-alerts", "host_busy", T0))).isEmpty();
    }

    private static DeliveryAttempt notSent(String channel, String cause, Instant at) {
        return DeliveryAttempt.newBuilder(attempt("n-" + cause, 1, Outcome.RETRYABLE))
                .setChannel(channel)
                .setStartedAt(at)
                .setHttpStatus(null)
                .setProviderCode(null)
                .setProviderMessage(null)
                .setError("not sent: " + cause)
                .setNotSentCause(cause)
                .build();
    }
}
