package io.herald.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.Source;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alibaba's published worked example of signature V3, "Signature examples → Fixed parameter values" of
 * https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature (also
 * https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature): every expected value below is
 * copied from that page, none was produced by this code.
 */
class Acs3Test {

    static final String ACCESS_KEY_ID = "YourAccessKeyId";
    static final String ACCESS_KEY_SECRET = "YourAccessKeySecret";
    static final String NONCE = "3156853299f313e23d1673dc12e1703d";
    static final String DATE = "2023-10-26T10:22:32Z";
    static final String IMAGE_ID = "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd";

    // Step 1 of the example, verbatim
    static final String CANONICAL_REQUEST = """
            POST
            /
            ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
            host:ecs.cn-shanghai.aliyuncs.com
            x-acs-action:RunInstances
            x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-date:2023-10-26T10:22:32Z
            x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
            x-acs-version:2014-05-26

            host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";
    // Step 2
    static final String STRING_TO_SIGN =
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
    // Step 3
    static final String SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    // Step 4
    static final String AUTHORIZATION = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
            + "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + SIGNATURE;

    @Test
    void publishedExampleGivesTheDocumentedCanonicalRequestStringToSignAndSignature() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.cn-shanghai.aliyuncs.com");
        headers.put("x-acs-action", "RunInstances");
        headers.put("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        headers.put("x-acs-date", DATE);
        headers.put("x-acs-signature-nonce", NONCE);
        headers.put("x-acs-version", "2014-05-26");

        Acs3.Signature signature = Acs3.sign(
                ACCESS_KEY_ID,
                ACCESS_KEY_SECRET,
                "POST",
                "/",
                Map.of("RegionId", "cn-shanghai", "ImageId", IMAGE_ID),
                headers,
                new byte[0]);

        assertThat(signature.canonicalRequest()).isEqualTo(CANONICAL_REQUEST);
        assertThat(signature.stringToSign()).isEqualTo(STRING_TO_SIGN);
        assertThat(signature.signature()).isEqualTo(SIGNATURE);
        assertThat(signature.authorization()).isEqualTo(AUTHORIZATION);
    }

    @Test
    void signerMakesThePublishedExampleFromAnApiCallWithTheParametersAsBody() {
        AlibabaCloudSigner signer = new AlibabaCloudSigner(
                new SecretResolver(Map.of("AK_ID", ACCESS_KEY_ID, "AK_SECRET", ACCESS_KEY_SECRET)::get), () -> NONCE);
        Channel channel = new Channel(
                "alibabacloud",
                URI.create("https://ecs.cn-shanghai.aliyuncs.com"),
                Map.of("access-key-id", "env:AK_ID", "access-key-secret", "env:AK_SECRET"),
                null,
                null);
        ApiCall call = ApiCall.newBuilder()
                .setAction("RunInstances")
                .setVersion("2014-05-26")
                .setBody("{\"RegionId\":\"cn-shanghai\",\"ImageId\":\"" + IMAGE_ID + "\"}")
                .build();
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("ecs")
                .setProvider("alibabacloud")
                .setContent(call)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse(DATE))
                .build();

        SignedRequest signed = signer.sign(notification, channel, Instant.parse("2023-10-26T10:22:32.480Z"));

        assertThat(signed.signature()).isEqualTo(SIGNATURE);
        assertThat(signed.stringToSign()).contains(CANONICAL_REQUEST).endsWith(STRING_TO_SIGN);
        assertThat(signed.call().getHeaders())
                .containsEntry("Authorization", AUTHORIZATION)
                .containsEntry("x-acs-date", DATE)
                .containsEntry("x-acs-signature-nonce", NONCE);
        // Step 4's request line: POST /?ImageId=...&RegionId=cn-shanghai
        assertThat(signed.call().getMethod()).isEqualTo("POST");
        assertThat(signed.call().getUrl())
                .isEqualTo("https://ecs.cn-shanghai.aliyuncs.com/?ImageId=" + IMAGE_ID + "&RegionId=cn-shanghai");
    }

    @Test
    void encodingFollowsRfc3986AsAlibabaSpellsItOut() {
        // the page's table: space %20, * %2A, ~ unencoded; letters, digits, - _ . unencoded; UTF-8 bytes as %XY
        assertThat(Acs3.encode("a b*c~d-e_f.g")).isEqualTo("a%20b%2Ac~d-e_f.g");
        assertThat(Acs3.encode("\"中/+=&")).isEqualTo("%22%E4%B8%AD%2F%2B%3D%26");
    }
}
