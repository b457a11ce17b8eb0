package io.herald.provider.spi.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpExplanationsTest {

    @Test
    void commonStatusesSayWhatToCheckAndLinkTheHttpSpecification() {
        assertThat(HttpExplanations.of(401).orElseThrow().likelyCause()).contains("credential");
        assertThat(HttpExplanations.of(404).orElseThrow().likelyCause()).contains("endpoint URL");
        assertThat(HttpExplanations.of(413).orElseThrow().text()).contains("too large");
        assertThat(HttpExplanations.of(429).orElseThrow().docs())
                .isEqualTo("https://www.rfc-editor.org/rfc/rfc6585#section-4");
        assertThat(HttpExplanations.of(503).orElseThrow().docs())
                .isEqualTo("https://www.rfc-editor.org/rfc/rfc9110#status.503");
        assertThat(HttpExplanations.of(302).orElseThrow().likelyCause()).contains("never follows redirects");
    }

    @Test
    void aDeliveredStatusOrNoStatusHasNoExplanation() {
        assertThat(HttpExplanations.of(200)).isEmpty();
        assertThat(HttpExplanations.of(null)).isEmpty();
    }

    @Test
    void explanationsAreBoundedAndRedacted() {
        Explanation long_ = new Explanation("x".repeat(5_000), "y".repeat(5_000), "https://example.com/docs");
        assertThat(long_.text()).hasSize(Explanation.MAX_TEXT).endsWith("…");
        assertThat(long_.likelyCause()).hasSize(Explanation.MAX_CAUSE);

        Explanation leaky = new Explanation(
                "sent to https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789", null, "http://plain");
        assertThat(leaky.text()).doesNotContain("abcdef0123456789");
        assertThat(leaky.docs()).as("only https links").isNull();
    }
}
