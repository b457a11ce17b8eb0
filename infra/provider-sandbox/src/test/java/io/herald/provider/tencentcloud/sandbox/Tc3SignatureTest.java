package io.herald.provider.tencentcloud.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.sandbox.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TC3-HMAC-SHA256 verifier against Tencent's published example (signature v3 document,
 * https://cloud.tencent.com/document/api/213/30654, English edition "Signature v3"): DescribeInstances on
 * cvm.tencentcloudapi.com at X-TC-Timestamp 1551113065 with SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE gives
 * Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168 (the same vector is used as the
 * "official example" test in Tencent's Dart SDK signer test and in Soto's Swift TC3 signer test). The Chinese edition
 * masks the key as "Gu5t9xGARNpq86cd98joQYCN3*******" and publishes
 * 2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c for it, literally.
 */
class Tc3SignatureTest {

    static final String PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    static final Map<String, String> HEADERS =
            Map.of("content-type", "application/json; charset=utf-8", "host", "cvm.tencentcloudapi.com");

    static String canonical() {
        return Tc3Signature.canonicalRequest(
                "POST", "/", "", List.of("content-type", "host"), HEADERS, PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalRequestIsThePublishedOne() {
        assertThat(canonical())
                .isEqualTo("POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n"
                        + "content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assertThat(Hmac.sha256Hex(canonical().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    }

    @Test
    void stringToSignUsesTheUtcDateOfTheTimestamp() {
        assertThat(Tc3Signature.date(1_551_113_065L)).isEqualTo("2019-02-25");
        assertThat(Tc3Signature.stringToSign(1_551_113_065L, "2019-02-25", "cvm", canonical()))
                .isEqualTo("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                        + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    }

    @Test
    void signatureIsThePublishedOne() {
        String stringToSign = Tc3Signature.stringToSign(1_551_113_065L, "2019-02-25", "cvm", canonical());

        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm", stringToSign))
                .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3*******", "2019-02-25", "cvm", stringToSign))
                .isEqualTo("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    }

    @Test
    void headerValuesAreLowerCasedAndTrimmed() {
        String canonical = Tc3Signature.canonicalRequest(
                "POST",
                "/",
                "",
                List.of("content-type", "host", "x-tc-action"),
                Map.of(
                        "content-type",
                        " Application/JSON ",
                        "host",
                        "Example.COM",
                        "x-tc-action",
                        "DescribeRecordList"),
                new byte[0]);

        assertThat(canonical)
                .contains("content-type:application/json\nhost:example.com\nx-tc-action:describerecordlist\n");
    }
}
