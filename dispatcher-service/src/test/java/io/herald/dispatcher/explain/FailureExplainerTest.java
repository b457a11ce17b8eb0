package io.herald.dispatcher.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.Fixtures;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.FailureExplanation;
import io.herald.schema.Outcome;
import io.herald.schema.SignedDelivery;
import io.herald.schema.SigningClockState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureExplainerTest {

    private static final Instant SIGNED_AT = Instant.parse("2026-03-01T10:00:00Z");
    private final FailureExplainer explainer = new FailureExplainer();
    private final Provider dingtalk = Provider.of("dingtalk");

    private static SignedDelivery signedWithClock(long boundMs) {
        return SignedDelivery.newBuilder(Fixtures.signed(1, SIGNED_AT))
                .setClock(new SigningClockState(40L, boundMs, 3_600_000L))
                .build();
    }

    @Test
    void signNotMatchSignedByATrustedClockIsASecretMismatch() {
        Classification answer =
                Classification.providerCode(Outcome.PERMANENT, "DingTalk errcode", 200, "310000", "sign not match");

        FailureExplanation e = explainer.explain(dingtalk, signedWithClock(8), answer, SIGNED_AT.plusMillis(300));

        assertThat(e.getText()).isEqualTo("DingTalk 310000: sign not match: secret mismatch");
        assertThat(e.getLikelyCause())
                .contains("error bound of 0.008 s", "stamped 0.3 s from DingTalk's clock")
                .doesNotContain(Fixtures.TOKEN, Fixtures.SIGN);
        assertThat(e.getDocs())
                .isEqualTo("https://open.dingtalk.com/document/robots/customize-robot-security-settings");
    }

    @Test
    void aClockRefusalSaysTheBoundAgainstTheTolerance() {
        Classification notSent = Classification.transportFailure(
                Outcome.RESIGN,
                "not sent: signer refused to sign: clock error bound 2100.000 s exceeds half of dingtalk tolerance"
                        + " 3600 s");

        FailureExplanation e = explainer.explain(dingtalk, Fixtures.signed(1, SIGNED_AT), notSent, null);

        assertThat(e.getText()).isEqualTo("not sent: the signer would not sign: its clock is not trusted for dingtalk");
        assertThat(e.getLikelyCause())
                .startsWith("clock error bound 2100.000 s exceeds half of dingtalk tolerance 3600 s");
    }

    @Test
    void aTlsFailureNamesWhatWasOfferedWhatTheServerSaidAndTheProxy() {
        Classification tls = Classification.transportFailure(
                Outcome.RETRYABLE,
                "TLS handshake with oapi.dingtalk.com:443 failed: Received fatal alert: handshake_failure; offered"
                        + " channel ops-alerts TLS profile offering protocols [TLSv1.2], 1 cipher suites"
                        + " [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA], proxy proxy.internal:3128");

        FailureExplanation e = explainer.explain(dingtalk, Fixtures.signed(1, SIGNED_AT), tls, null);

        assertThat(e.getText()).isEqualTo("TLS handshake with oapi.dingtalk.com:443 failed");
        assertThat(e.getLikelyCause())
                .contains(
                        "the server answered: Received fatal alert: handshake_failure",
                        "protocols [TLSv1.2], 1 cipher suites [TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]",
                        "proxy proxy.internal:3128",
                        "herald.dispatcher.network.tls.channels." + Fixtures.CHANNEL);
    }

    @Test
    void aStatusTheProviderGivesNoMeaningGetsTheSharedHttpOne() {
        FailureExplanation e = explainer.explain(
                dingtalk, Fixtures.signed(1, SIGNED_AT), Classification.httpStatus(Outcome.PERMANENT, 413), null);

        assertThat(e.getText()).contains("too large");
        assertThat(e.getDocs()).isEqualTo("https://www.rfc-editor.org/rfc/rfc9110#status.413");
    }

    @Test
    void transportFailuresAreExplainedTheSameForEveryProvider() {
        FailureExplanation refused = explainer.explain(
                Provider.of("slack"),
                Fixtures.signed(1, SIGNED_AT),
                Classification.transportFailure(Outcome.RETRYABLE, "connection refused by 127.0.0.1:9"),
                null);
        assertThat(refused.getLikelyCause()).contains("nothing listens on that host and port");
    }

    @Test
    void aDeliveredTryHasNoExplanation() {
        assertThat(explainer.explain(
                        dingtalk,
                        Fixtures.signed(1, SIGNED_AT),
                        Classification.providerCode(Outcome.DELIVERED, "DingTalk errcode", 200, "0", "ok"),
                        null))
                .isNull();
    }
}
