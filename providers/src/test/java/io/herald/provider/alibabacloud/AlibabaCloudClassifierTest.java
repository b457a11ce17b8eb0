package io.herald.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Alibaba Cloud's answers as Alidns gives them (statuses and bodies from the gateway's error tables and live answers). */
class AlibabaCloudClassifierTest {

    private final OutcomeClassifier classifier = new AlibabaCloud().classifier();

    private static ProviderAnswer answer(int status, String body) {
        return new ProviderAnswer(status, "application/json;charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderAnswer error(int status, String code, String message) {
        return answer(
                status,
                "{\"RequestId\":\"5589F997-A401-54B2-A2DC-987AFAF132ED\",\"HostId\":\"alidns.aliyuncs.com\","
                        + "\"Code\":\"" + code + "\",\"Message\":\"" + message
                        + "\",\"Recommend\":\"https://api.aliyun.com/"
                        + "troubleshoot?q=" + code + "&product=Alidns\"}");
    }

    private Classification rejection(int status, String code, String message) {
        return classifier.classifyRejection(error(status, code, message)).orElseThrow();
    }

    @Test
    void signatureMismatchIsPermanent() {
        Classification result =
                rejection(400, "SignatureDoesNotMatch", "Specified signature does not match our calculation.");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.providerCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(result.providerMessage()).isEqualTo("Specified signature does not match our calculation.");
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(result.summary())
                .isEqualTo("Alibaba Cloud SignatureDoesNotMatch: Specified signature does not match our calculation.");
    }

    @Test
    void incompleteSignatureIsPermanent() {
        assertThat(rejection(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void unknownOrInactiveAccessKeyIsPermanent() {
        assertThat(rejection(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
        assertThat(rejection(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void expiredTimestampIsResigned() {
        assertThat(rejection(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
                        .outcome())
                .isEqualTo(Outcome.RESIGN);
    }

    @Test
    void usedNonceIsResigned() {
        assertThat(rejection(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
                        .outcome())
                .isEqualTo(Outcome.RESIGN);
    }

    @Test
    void throttlingIsRetryable() {
        assertThat(rejection(400, "Throttling", "Request was denied due to request throttling.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
        assertThat(rejection(400, "Throttling.User", "Request was denied due to user flow control.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
        assertThat(rejection(400, "Throttling.Api", "Request was denied due to api flow control.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void serverTroubleIsRetryable() {
        assertThat(rejection(
                                503,
                                "ServiceUnavailable",
                                "The request has failed due to a temporary failure of the server.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
        assertThat(rejection(500, "InternalError", "The request processing has failed due to some unknown error.")
                        .outcome())
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void anyOtherCodeIsPermanentWithItsCodeAndMessageKept() {
        Classification result = rejection(400, "DomainRecordDuplicate", "The DNS record already exists.");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("Alibaba Cloud DomainRecordDuplicate: The DNS record already exists.");
    }

    @Test
    void credentialsInTheMessageAreRedacted() {
        Classification result = rejection(
                400,
                "SignatureDoesNotMatch",
                "server string to sign is: GET&%2F&AccessKeyId%3DLTAI&Signature=abc123 token=xyz");

        assertThat(result.providerMessage()).doesNotContain("abc123").doesNotContain("xyz");
    }

    @Test
    void jsonAnswerWithoutCodeIsDelivered() {
        Classification result = classifier.classify(
                answer(200, "{\"RequestId\":\"536E9CAD-DB30-4647-AC87-AA5CC38C5382\",\"RecordId\":\"9999985\"}"));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(200);
    }

    @Test
    void successStatusWithoutJsonIsAnUnexpectedBody() {
        Classification result = classifier.classify(answer(200, "<html>gateway</html>"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("unexpected response body");
    }

    @Test
    void rejectionWithoutAlibabasJsonIsLeftToTheHttpRules() {
        assertThat(classifier.classifyRejection(answer(502, "<html>Bad Gateway</html>")))
                .isEmpty();
        assertThat(classifier.classifyRejection(answer(404, "{\"message\":\"no route\"}")))
                .isEmpty();
    }
}
