package io.herald.provider.alibabacloud;

import static io.herald.provider.spi.outcome.Contexts.SIGNED_AT;
import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import org.junit.jupiter.api.Test;

class AlibabaCloudExplanationsTest {

    private final AlibabaCloudClassifier classifier = new AlibabaCloudClassifier();

    private Classification rejected(int status, String code) {
        return classifier
                .classifyRejection(answer(
                        status, "{\"RequestId\":\"r\",\"HostId\":\"h\",\"Code\":\"" + code + "\",\"Message\":\"m\"}"))
                .orElseThrow();
    }

    @Test
    void signatureDoesNotMatchBlamesTheSecretAndExpiredSaysHowFar() {
        var mismatch = classifier
                .explain(of(rejected(400, "SignatureDoesNotMatch"), null, null))
                .orElseThrow();
        assertThat(mismatch.likelyCause()).contains("access-key-secret does not belong to its access-key-id");

        var expired = classifier
                .explain(of(rejected(400, "InvalidTimeStamp.Expired"), null, SIGNED_AT.plusSeconds(1000)))
                .orElseThrow();
        assertThat(expired.likelyCause()).startsWith("the request's date was 1000 s from the provider's clock");
    }
}
