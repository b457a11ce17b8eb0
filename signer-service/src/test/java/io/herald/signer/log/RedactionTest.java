package io.herald.signer.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void signedDingTalkUrlKeepsEndpointAndTimestampButNotTokenOrSign() {
        String url = "https://oapi.dingtalk.com/robot/send?access_token=0123abcd&timestamp=1577262236757"
                + "&sign=pvG1NsVPRD02uFCvLFzJbg4zu6Vj%2FxB6%2BJ5TuImbUWc%3D";

        assertThat(Redaction.url(url)).isEqualTo(
                "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1577262236757&sign=***");
    }

    @Test
    void urlInsideAMessageIsMaskedToo() {
        assertThat(Redaction.text("POST https://x.test/send?sign=abc&access_token=def failed: 503"))
                .isEqualTo("POST https://x.test/send?sign=***&access_token=*** failed: 503");
    }

    @Test
    void parameterNamesAreMatchedWholeAndCaseInsensitively() {
        assertThat(Redaction.url("https://x.test/a?Access_Token=t&design=keep&SIGN=s"))
                .isEqualTo("https://x.test/a?Access_Token=***&design=keep&SIGN=***");
    }

    @Test
    void textWithoutCredentialsIsUnchanged() {
        assertThat(Redaction.text("herald.channels.ops.credentials.secret: file /run/x does not exist"))
                .isEqualTo("herald.channels.ops.credentials.secret: file /run/x does not exist");
        assertThat(Redaction.url(null)).isNull();
    }
}
