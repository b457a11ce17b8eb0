package io.herald.provider.wecom;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import org.junit.jupiter.api.Test;

class WeComClassifierTest {

    @Test
    void errcodeZeroIsDelivered() {
        assertThat(classify(Provider.of("wecom"), 200, "{\"errcode\":0,\"errmsg\":\"ok\"}")
                        .outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void frequencyLimitIsRetryable() {
        Classification result = classify(
                Provider.of("wecom"),
                200,
                "{\"errcode\":45009,\"errmsg\":\"api freq out of limit, hint: [1773643642]\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.providerCode()).isEqualTo("45009");
    }

    @Test
    void systemBusyIsRetryable() {
        assertThat(classify(Provider.of("wecom"), 200, "{\"errcode\":-1,\"errmsg\":\"system busy\"}")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void invalidWebhookUrlIsPermanent() {
        Classification result = classify(
                Provider.of("wecom"), 200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [17556]\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).startsWith("WeCom errcode 93000: invalid webhook url");
    }

    @Test
    void contentTooLongIsPermanent() {
        assertThat(classify(
                                Provider.of("wecom"),
                                200,
                                "{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096.\"}")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void bodyWithoutErrcodeIsRetryable() {
        assertThat(classify(Provider.of("wecom"), 200, "{}").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void keyInTheProviderMessageIsMasked() {
        assertThat(classify(Provider.of("wecom"), 200, "{\"errcode\":93000,\"errmsg\":\"bad url ?key=693a-secret\"}")
                        .providerMessage())
                .doesNotContain("693a-secret");
    }
}
