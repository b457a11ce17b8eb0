package io.herald.contract.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void signedDingTalkUrlKeepsEverythingButItsCredentials() {
        String url = "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1717236000000&sign=x%2By%3D";

        assertThat(Redaction.url(url))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1717236000000&sign=***");
    }

    @Test
    void keyAndTokenParametersAreMaskedWhateverTheirCase() {
        assertThat(Redaction.url("https://api.example.com/v1?Key=k1&TOKEN=t1&page=2#top"))
                .isEqualTo("https://api.example.com/v1?Key=***&TOKEN=***&page=2#top");
    }

    @Test
    void parametersThatOnlyContainASecretNameAreKept() {
        String url = "https://api.example.com/v1?monkey=1&signature_version=2&tokens_left=3&timestamp=4";

        assertThat(Redaction.url(url)).isEqualTo(url);
    }

    @Test
    void emptyCredentialValueIsStillMasked() {
        assertThat(Redaction.url("http://h/x?access_token=&sign=")).isEqualTo("http://h/x?access_token=***&sign=***");
    }

    @Test
    void authorizationHeadersAreMaskedAndOthersKept() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer secret-value");
        headers.put("Proxy-Authorization", "Basic dXNlcjpwYXNz");
        headers.put("Content-Type", "application/json");

        assertThat(Redaction.headers(headers))
                .containsExactly(
                        Map.entry("authorization", "***"),
                        Map.entry("Proxy-Authorization", "***"),
                        Map.entry("Content-Type", "application/json"));
        assertThat(headers).containsEntry("authorization", "Bearer secret-value"); // input untouched
    }

    @Test
    void credentialsInsideFreeTextAreMasked() {
        String text =
                "POST https://h/robot/send?access_token=abc&sign=def failed; Authorization: TC3-HMAC-SHA256 Credential=AKID/x";

        assertThat(Redaction.text(text))
                .isEqualTo("POST https://h/robot/send?access_token=***&sign=*** failed; Authorization: ***")
                .doesNotContain("abc", "def", "AKID");
    }

    @Test
    void nullStaysNull() {
        assertThat(Redaction.url(null)).isNull();
        assertThat(Redaction.text(null)).isNull();
        assertThat(Redaction.headers(null)).isEmpty();
    }

    @Test
    void parameterNamesAreMatchedWholeAndCaseInsensitively() {
        assertThat(Redaction.url("https://x.test/a?Access_Token=t&design=keep&SIGN=s&signature=x&secret=y&password=z"))
                .isEqualTo(
                        "https://x.test/a?Access_Token=***&design=keep&SIGN=***&signature=***&secret=***&password=***");
    }

    @Test
    void textWithoutCredentialsIsUnchanged() {
        assertThat(Redaction.text("herald.channels.ops.credentials.secret: file /run/x does not exist"))
                .isEqualTo("herald.channels.ops.credentials.secret: file /run/x does not exist");
        assertThat(Redaction.url(null)).isNull();
    }
}
