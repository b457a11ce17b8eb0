package io.herald.provider.dingtalk.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DingTalkSignatureTest {

    @Test
    void signMatchesTheOpensslVector() {
        assertThat(DingTalkSignature.sign(DingTalkRobotTest.SECRET, "1700000000000"))
                .isEqualTo(DingTalkRobotTest.SIGN_BASE64);
    }

    @Test
    void matchingComparesTheDecodedSignExactly() {
        String secret = DingTalkRobotTest.SECRET;

        assertThat(DingTalkSignature.matches(secret, "1700000000000", DingTalkRobotTest.SIGN_BASE64))
                .isTrue();
        assertThat(DingTalkSignature.matches(secret, "1700000000000", DingTalkRobotTest.SIGN_BASE64.replace('+', ' ')))
                .isFalse();
        assertThat(DingTalkSignature.matches(secret, "1700000000001", DingTalkRobotTest.SIGN_BASE64))
                .isFalse();
        assertThat(DingTalkSignature.matches(secret, "1700000000000", null)).isFalse();
    }
}
