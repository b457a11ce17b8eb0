package io.herald.provider.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** DingTalk answers HTTP 200 for every verdict; these tests pin how each body is read. */
class DingTalkClassifierTest {

    private final DingTalkClassifier classifier = new DingTalkClassifier();

    private Classification answer(String body) {
        return classifier.classify(new ProviderAnswer(200, "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void errcodeZeroIsDelivered() {
        Classification result = answer("{\"errcode\":0,\"errmsg\":\"ok\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.providerCode()).isEqualTo("0");
        assertThat(result.providerMessage()).isEqualTo("ok");
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.error()).isNull();
    }

    @Test
    void signatureMismatchIsPermanent() {
        Classification result = answer("{\"errcode\":310000,\"errmsg\":\"sign not match\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.providerCode()).isEqualTo("310000");
        assertThat(result.providerMessage()).isEqualTo("sign not match");
        assertThat(result.summary()).isEqualTo("DingTalk errcode 310000: sign not match");
    }

    @Test
    void invalidTimestampNeedsResign() {
        Classification result =
                answer("{\"errcode\":310000,\"errmsg\":\"invalid timestamp, more: [https://open.dingtalk.com]\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.RESIGN);
        assertThat(result.providerCode()).isEqualTo("310000");
        assertThat(result.summary()).startsWith("DingTalk errcode 310000: invalid timestamp");
    }

    @Test
    void timestampVerdictIsRecognisedWhateverItsWording() {
        assertThat(answer("{\"errcode\":310000,\"errmsg\":\"Timestamp invalid\"}")
                        .outcome())
                .isEqualTo(Outcome.RESIGN);
        assertThat(answer("{\"errcode\":310000,\"errmsg\":\"timestamp expired\"}")
                        .outcome())
                .isEqualTo(Outcome.RESIGN);
    }

    @Test
    void securityFailureWithoutMessageIsPermanent() {
        assertThat(answer("{\"errcode\":310000}").outcome()).isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void unknownTokenIsPermanent() {
        Classification result = answer("{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("DingTalk errcode 300001: token is not exist");
    }

    @Test
    void rateLimitIsRetryable() {
        Classification result = answer("{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.providerCode()).isEqualTo("130101");
        assertThat(result.providerMessage()).isEqualTo("send too fast, exceed 20 times per minute");
    }

    @Test
    void invalidParameterIsPermanent() {
        Classification result = answer("{\"errcode\":400102,\"errmsg\":\"msgtype is empty\"}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.providerCode()).isEqualTo("400102");
    }

    @Test
    void unknownErrcodeIsPermanent() {
        assertThat(answer("{\"errcode\":999999,\"errmsg\":\"something new\"}").outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void errcodeWrittenAsStringIsRead() {
        assertThat(answer("{\"errcode\":\"0\",\"errmsg\":\"ok\"}").outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void htmlProxyPageIsRetryableUnexpectedResponseBody() {
        Classification result = classifier.classify(new ProviderAnswer(
                200, "text/html", "<html><body>Proxy login required</body></html>".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("unexpected response body");
        assertThat(result.summary()).isEqualTo("HTTP 200: unexpected response body");
        assertThat(result.providerCode()).isNull();
        assertThat(result.httpStatus()).isEqualTo(200);
    }

    @Test
    void jsonWithoutErrcodeIsRetryableUnexpectedResponseBody() {
        assertThat(answer("{\"status\":\"ok\"}").error()).isEqualTo("unexpected response body");
        assertThat(answer("[1,2]").outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(answer("{\"errcode\":\"zero\"}").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void emptyBodyIsRetryableUnexpectedResponseBody() {
        Classification result = classifier.classify(new ProviderAnswer(200, null, new byte[0]));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("unexpected response body");
    }

    @Test
    void providerMessageNeverCarriesCredentials() {
        Classification result =
                answer("{\"errcode\":300001,\"errmsg\":\"token not found: /robot/send?access_token=abc123&sign=zzz\"}");

        assertThat(result.providerMessage()).doesNotContain("abc123", "zzz").contains("access_token=***");
        assertThat(result.summary()).doesNotContain("abc123", "zzz");
    }
}
