package io.herald.provider.tencentcloud;

import static io.herald.provider.spi.outcome.Contexts.SIGNED_AT;
import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static io.herald.provider.spi.outcome.Contexts.sent;
import static io.herald.provider.spi.outcome.Contexts.trusted;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.Explanation;
import io.herald.provider.spi.signing.Crypto;
import io.herald.schema.SignedContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TencentCloudExplanationsTest {

    private final TencentCloudClassifier classifier = new TencentCloudClassifier();

    private Classification answered(String code) {
        return classifier.classify(answer(
                200, "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"m\"},\"RequestId\":\"r\"}}"));
    }

    @Test
    void signatureExpireSaysHowFarTheTimestampWas() {
        Explanation e = classifier
                .explain(of(answered("AuthFailure.SignatureExpire"), trusted(300_000), SIGNED_AT.plusSeconds(412)))
                .orElseThrow();

        assertThat(e.text()).isEqualTo("Tencent Cloud AuthFailure.SignatureExpire: signature expired");
        assertThat(e.likelyCause())
                .startsWith("the signature's timestamp was 412 s behind the provider's clock (its Date header);"
                        + " Tencent accepts 300 s.");
        assertThat(e.docs()).isEqualTo("https://www.tencentcloud.com/document/api/1140/51177");
    }

    @Test
    void signatureFailureWithTheSignedBodyBlamesTheSecretKey() {
        String body = "{\"Domain\":\"demo.example\"}";
        SignedContent signed = new SignedContent(
                TencentCloudSigner.covers(body.length()), Crypto.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));

        Explanation same = classifier
                .explain(sent(
                        answered("AuthFailure.SignatureFailure"),
                        "POST",
                        "https://dnspod.tencentcloudapi.com/",
                        body,
                        signed))
                .orElseThrow();
        String signedSha = signed.getSha256().substring(0, 12);
        assertThat(same.likelyCause())
                .isEqualTo("the body sent is the body signed (SHA-256 " + signedSha + "…): the channel's secret-key"
                        + " does not belong to its secret-id (or a proxy rewrote the request after Herald)");

        Explanation changed = classifier
                .explain(sent(
                        answered("AuthFailure.SignatureFailure"),
                        "POST",
                        "https://dnspod.tencentcloudapi.com/",
                        body + " ",
                        signed))
                .orElseThrow();
        String sentSha =
                Crypto.sha256Hex((body + " ").getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertThat(changed.likelyCause())
                .isEqualTo("the body sent (SHA-256 " + sentSha + "…) is not the body signed (SHA-256 " + signedSha
                        + "…): it changed after signing");
    }

    @Test
    void signatureFailureWithoutWhatWasSignedBlamesTheSecretKey() {
        Explanation e = classifier
                .explain(of(answered("AuthFailure.SignatureFailure"), null, null))
                .orElseThrow();
        assertThat(e.likelyCause()).isEqualTo("the channel's secret-key does not belong to its secret-id");
    }

    @Test
    void secretIdNotFoundPointsAtTheSecretId() {
        Explanation e = classifier
                .explain(of(answered("AuthFailure.SecretIdNotFound"), null, null))
                .orElseThrow();
        assertThat(e.likelyCause()).contains("secret-id");
    }
}
