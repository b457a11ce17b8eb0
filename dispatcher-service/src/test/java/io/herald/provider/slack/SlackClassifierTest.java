package io.herald.provider.slack;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackClassifierTest {

    @Test
    void okIsDelivered() {
        assertThat(classify(Provider.of("slack"), 200, "ok").outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void invalidPayloadIsPermanentWithSlacksText() {
        Classification result = classify(Provider.of("slack"), 400, "invalid_payload");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.providerCode()).isEqualTo("invalid_payload");
        assertThat(result.summary()).isEqualTo("Slack HTTP 400: invalid_payload");
    }

    @Test
    void revokedTokenIsPermanent() {
        assertThat(classify(Provider.of("slack"), 403, "invalid_token").outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void archivedChannelIsPermanent() {
        assertThat(classify(Provider.of("slack"), 410, "channel_is_archived").outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void rateLimitIsRetryableAfterRetryAfter() {
        Classification result = classify(
                Provider.of("slack"),
                new ProviderAnswer(
                        429, "text/plain", "rate_limited".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rollupErrorIsRetryable() {
        assertThat(classify(Provider.of("slack"), 500, "rollup_error").outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void unexpectedBodyOn200IsRetryable() {
        assertThat(classify(Provider.of("slack"), 200, "<html>captive portal</html>")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }
}
