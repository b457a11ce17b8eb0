package io.herald.provider.tencentcloud;

import static io.herald.provider.ProviderAnswers.classify;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.Outcome;
import org.junit.jupiter.api.Test;

class TencentCloudClassifierTest {

    private static Classification error(String code, String message) {
        return classify(
                Provider.of("tencentcloud"),
                200,
                "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"" + message
                        + "\"},\"RequestId\":\"ed93f3cb-f35e-473f-b9f3-0d451b8b79c6\"}}");
    }

    @Test
    void responseWithoutErrorIsDelivered() {
        assertThat(classify(
                                Provider.of("tencentcloud"),
                                200,
                                "{\"Response\":{\"RequestId\":\"42\",\"SendStatusSet\":[]}}")
                        .outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void expiredSignatureIsResigned() {
        Classification result = error(
                "AuthFailure.SignatureExpire",
                "Signature expired. Timestamp and server time cannot differ by more than five minutes.");

        assertThat(result.outcome()).isEqualTo(Outcome.RESIGN);
        assertThat(result.providerCode()).isEqualTo("AuthFailure.SignatureExpire");
        assertThat(result.providerMessage()).startsWith("Signature expired");
    }

    @Test
    void requestLimitIsRetryable() {
        assertThat(error("RequestLimitExceeded", "The number of requests exceeds the frequency limit.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
        assertThat(error("RequestLimitExceeded.UinLimitExceeded", "limit").outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void internalErrorIsRetryable() {
        assertThat(error("InternalError", "Internal error.").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void signatureMismatchIsPermanent() {
        assertThat(error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void unknownSecretIdIsPermanent() {
        assertThat(error("AuthFailure.SecretIdNotFound", "Key does not exist.").outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void invalidParameterIsPermanent() {
        assertThat(error("InvalidParameter", "bad").outcome()).isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void bodyWithoutResponseIsRetryable() {
        assertThat(classify(Provider.of("tencentcloud"), 200, "{}").outcome()).isEqualTo(Outcome.RETRYABLE);
    }
}
