package io.herald.provider.dogecloud;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import org.junit.jupiter.api.Test;

class DogeCloudClassifierTest {

    @Test
    void code200IsDelivered() {
        assertThat(classify(Provider.of("dogecloud"), 200, "{\"code\":200,\"msg\":\"OK\",\"data\":{\"buckets\":[]}}")
                        .outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void accessTokenErrorIsPermanentWithDogeCloudsMessage() {
        Classification result = classify(Provider.of("dogecloud"), 200, "{\"code\":403,\"msg\":\"AccessToken Error\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("DogeCloud code 403: AccessToken Error");
    }

    @Test
    void missingTokenIsPermanent() {
        assertThat(classify(Provider.of("dogecloud"), 200, "{\"code\":401,\"msg\":\"ERROR_UNAUTHORIZED\"}")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void serverSideCodeIsRetryable() {
        assertThat(classify(Provider.of("dogecloud"), 200, "{\"code\":500,\"msg\":\"internal error\"}")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void rateLimitCodeIsRetryable() {
        assertThat(classify(Provider.of("dogecloud"), 200, "{\"code\":429,\"msg\":\"too many requests\"}")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void errorCodeBehindA4xxStatusIsReadFromTheBody() {
        assertThat(classify(Provider.of("dogecloud"), 403, "{\"code\":403,\"msg\":\"AccessToken Error\"}")
                        .providerCode())
                .isEqualTo("403");
    }
}
