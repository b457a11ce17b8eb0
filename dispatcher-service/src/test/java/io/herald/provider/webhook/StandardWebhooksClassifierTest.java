package io.herald.provider.webhook;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StandardWebhooksClassifierTest {

    @Test
    void anySuccessfulStatusIsDeliveredWhateverTheBody() {
        assertThat(classify(Provider.of("webhook"), 204, "").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(classify(Provider.of("webhook"), 200, "<html>thanks</html>").outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void goneDisablesTheEndpoint() {
        Classification result = classify(Provider.of("webhook"), 410, "");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("HTTP 410: endpoint disabled");
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        Classification result =
                classify(Provider.of("webhook"), new ProviderAnswer(429, null, new byte[0], Duration.ofSeconds(120)));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void serverErrorIsRetryable() {
        assertThat(classify(Provider.of("webhook"), 502, "").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void otherClientErrorIsPermanent() {
        assertThat(classify(Provider.of("webhook"), 400, "bad signature").outcome())
                .isEqualTo(Outcome.PERMANENT);
    }
}
