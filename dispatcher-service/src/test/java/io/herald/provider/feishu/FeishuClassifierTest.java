package io.herald.provider.feishu;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import org.junit.jupiter.api.Test;

class FeishuClassifierTest {

    @Test
    void codeZeroIsDelivered() {
        Classification result = classify(Provider.of("feishu"), 200, "{\"code\":0,\"data\":{},\"msg\":\"success\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.providerCode()).isEqualTo("0");
    }

    @Test
    void legacyStatusCodeZeroIsDelivered() {
        assertThat(classify(
                                Provider.of("feishu"),
                                200,
                                "{\"Extra\":null,\"StatusCode\":0,\"StatusMessage\":\"success\"}")
                        .outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void signMismatchOrStaleTimestampIsResigned() {
        Classification result = classify(
                Provider.of("feishu"),
                200,
                "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or"
                        + " timestamp is not within one hour from current time\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.RESIGN);
        assertThat(result.providerCode()).isEqualTo("19021");
        assertThat(result.providerMessage()).startsWith("sign match fail");
    }

    @Test
    void frequencyLimitIsRetryable() {
        assertThat(classify(
                                Provider.of("feishu"),
                                200,
                                "{\"code\":11232,\"msg\":\"frequency limited psm[lark.oapi.app_platform_runtime]\"}")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void badRequestBehindHttp400IsPermanentWithTheProviderCode() {
        Classification result =
                classify(Provider.of("feishu"), 400, "{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("Feishu code 9499: Bad Request");
    }

    @Test
    void keywordCheckFailureIsPermanent() {
        assertThat(classify(Provider.of("feishu"), 200, "{\"code\":19024,\"msg\":\"Key Words Not Found\"}")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void htmlFromAProxyIsRetryable() {
        assertThat(classify(Provider.of("feishu"), 200, "<html>portal</html>").outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }
}
