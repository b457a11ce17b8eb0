package io.herald.provider.tencentcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.signing.Crypto;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Tencent Cloud's own worked example of TC3-HMAC-SHA256 (CVM DescribeInstances, 2019-02-25), from
 * https://cloud.tencent.com/document/api/213/30654 ("签名方法 v3"): the secret values are published masked
 * ({@code AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******}, {@code Gu5t9xGARNpq86cd98joQYCN3*******}) and the expected
 * intermediate hashes and signature were computed by Tencent with exactly those strings.
 */
class Tc3Test {

    static final String SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******";
    static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3*******";
    static final long TIMESTAMP = 1551113065;
    // the body exactly as published, with the JSON \\u escapes as literal text
    static final String PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";

    private final Tc3.Signature signature = Tc3.sign(
            SECRET_ID,
            SECRET_KEY,
            "cvm",
            "cvm.tencentcloudapi.com",
            "application/json; charset=utf-8",
            "DescribeInstances",
            TIMESTAMP,
            PAYLOAD.getBytes(StandardCharsets.UTF_8));

    @Test
    void hashedPayloadMatchesThePublishedExample() {
        assertThat(Crypto.sha256Hex(PAYLOAD.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    }

    @Test
    void canonicalRequestMatchesThePublishedExample() {
        assertThat(signature.canonicalRequest()).isEqualTo("""
                POST
                /

                content-type:application/json; charset=utf-8
                host:cvm.tencentcloudapi.com
                x-tc-action:describeinstances

                content-type;host;x-tc-action
                35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064""");
        assertThat(Crypto.sha256Hex(signature.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    }

    @Test
    void stringToSignUsesTheUtcDateOfTheTimestamp() {
        assertThat(signature.stringToSign()).isEqualTo("""
                TC3-HMAC-SHA256
                1551113065
                2019-02-25/cvm/tc3_request
                7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84""");
    }

    @Test
    void signatureAndAuthorizationMatchThePublishedExample() {
        assertThat(signature.signature()).isEqualTo("be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3");
        assertThat(signature.authorization())
                .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/"
                        + "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, "
                        + "Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3");
    }
}
