package io.herald.audit.operators;

import static io.herald.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OperatorNoticeTest {

    private static final URI PAGE = URI.create("https://herald.example.com/audit/");

    @Test
    void deadLettersLinkToThePageSearchingTheChannelsDeadLetters() {
        Signal signal =
                new Signal(OperatorEventKind.DEAD_LETTERS, "dingtalk-ops", "dingtalk", "acme", T0, "retries exhausted");

        assertThat(OperatorNotice.link(signal, PAGE))
                .isEqualTo("https://herald.example.com/audit/#channel=dingtalk-ops&status=DEAD_LETTERED"
                        + "&from=2025-03-01T07%3A00%3A00Z");
    }

    @Test
    void anUntrustedClockLinksToTheProvidersResignAttempts() {
        Signal signal =
                new Signal(OperatorEventKind.CLOCK_UNTRUSTED, "tencentcloud", "tencentcloud", null, T0, "bound 9 s");

        assertThat(OperatorNotice.link(signal, PAGE)).contains("#provider=tencentcloud&class=RESIGN&from=");
    }

    @Test
    void theTextSaysWhatHappenedHowOftenSinceWhenAndWhereToLook() {
        Signal signal =
                new Signal(OperatorEventKind.DEAD_LETTERS, "dingtalk-ops", "dingtalk", "acme", T0, "retries exhausted");
        var claim = new OperatorEventStore.Claim(3, T0.minusSeconds(120), "DingTalk errcode 310000: sign not match");

        String text = OperatorNotice.text(signal, claim, PAGE);

        assertThat(text)
                .startsWith("Herald: channel dingtalk-ops dead-lettered notifications\n")
                .contains("Notifications to channel dingtalk-ops (dingtalk) were dead-lettered")
                .contains("Latest: DingTalk errcode 310000: sign not match\n")
                .contains("3 occurrences since 2025-03-01T07:58:00Z.")
                .endsWith("Audit: " + OperatorNotice.link(signal, PAGE));
    }
}
