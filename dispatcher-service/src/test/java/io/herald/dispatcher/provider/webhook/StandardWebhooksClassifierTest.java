package io.herald.dispatcher.provider.webhook;

import static io.herald.dispatcher.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.Provider;
import io.herald.dispatcher.classify.Classification;
import io.herald.dispatcher.transport.ProviderAnswer;
import io.herald.schema.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StandardWebhooksClassifierTest {

    @Test
    void anySuccessfulStatusIsDeliveredWhateverTheBody() {
        assertThat(classify(Provider.STANDARD_WEBHOOKS, 204, "").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(classify(Provider.STANDARD_WEBHOOKS, 200, "<html>thanks</html>").outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void goneDisablesTheEndpoint() {
        Classification result = classify(Provider.STANDARD_WEBHOOKS, 410, "");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("HTTP 410: endpoint disabled");
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        Classification result = classify(Provider.STANDARD_WEBHOOKS,
                new ProviderAnswer(429, null, new byte[0], Duration.ofSeconds(120)));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void serverErrorIsRetryable() {
        assertThat(classify(Provider.STANDARD_WEBHOOKS, 502, "").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void otherClientErrorIsPermanent() {
        assertThat(classify(Provider.STANDARD_WEBHOOKS, 400, "bad signature").outcome()).isEqualTo(Outcome.PERMANENT);
    }
}
