package io.herald.provider.dingtalk;

import static io.herald.provider.spi.outcome.Contexts.SIGNED_AT;
import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static io.herald.provider.spi.outcome.Contexts.trusted;
import static io.herald.provider.spi.outcome.Contexts.untrusted;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.Explanation;
import org.junit.jupiter.api.Test;

class DingTalkExplanationsTest {

    private static final long HOUR_MS = 3_600_000;
    private final DingTalkClassifier classifier = new DingTalkClassifier();

    private Classification answered(long errcode, String errmsg) {
        return classifier.classify(answer(200, "{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}"));
    }

    @Test
    void signNotMatchWithTrustedClockBlamesTheSecret() {
        Explanation e = classifier
                .explain(of(answered(310000, "sign not match"), trusted(HOUR_MS), SIGNED_AT.plusMillis(900)))
                .orElseThrow();

        assertThat(e.text()).isEqualTo("DingTalk 310000: sign not match: secret mismatch");
        assertThat(e.likelyCause())
                .startsWith("the channel's secret is not the robot's")
                .contains("error bound of 0.008 s", "DingTalk accepts 3600 s", "stamped 0.9 s from DingTalk's clock");
        assertThat(e.docs()).isEqualTo(DingTalkExplanations.SECURITY_DOCS);
    }

    @Test
    void signNotMatchInTodaysChineseWordingBlamesTheSecretToo() {
        Explanation e = classifier
                .explain(of(
                        answered(310000, "description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中"),
                        trusted(HOUR_MS),
                        null))
                .orElseThrow();

        assertThat(e.text()).endsWith("secret mismatch");
    }

    @Test
    void signNotMatchWithAnUntrustedClockNamesSecretAndClock() {
        Explanation e = classifier
                .explain(of(answered(310000, "sign not match"), untrusted(HOUR_MS), null))
                .orElseThrow();

        assertThat(e.text()).isEqualTo("DingTalk 310000: sign not match");
        assertThat(e.likelyCause()).contains("secret, or the signature's time", "error bound of 3600 s");
    }

    @Test
    void invalidTimestampSaysHowFarTheSignatureWasFromDingTalksClock() {
        Explanation e = classifier
                .explain(of(
                        answered(
                                310000,
                                "invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"),
                        untrusted(HOUR_MS),
                        SIGNED_AT.plusSeconds(3_900)))
                .orElseThrow();

        assertThat(e.text()).contains("invalid timestamp");
        assertThat(e.likelyCause()).startsWith("the signature was stamped 3900 s from DingTalk's clock");
    }

    @Test
    void keywordsAndAllowListAreToldApartFromTheSignature() {
        assertThat(classifier
                        .explain(of(answered(310000, "keywords not in content"), trusted(HOUR_MS), null))
                        .orElseThrow()
                        .likelyCause())
                .contains("keyword");
        assertThat(classifier
                        .explain(of(answered(310000, "ip 1.2.3.4 not in whitelist"), trusted(HOUR_MS), null))
                        .orElseThrow()
                        .likelyCause())
                .contains("IP allow-list");
    }

    @Test
    void tokenNotExistPointsAtTheAccessTokenAndSendTooFastAtTheRate() {
        Explanation token = classifier
                .explain(of(answered(300001, "token is not exist"), null, null))
                .orElseThrow();
        assertThat(token.likelyCause()).contains("access_token");
        assertThat(token.docs()).isEqualTo(DingTalkExplanations.ROBOT_DOCS);

        Explanation rate = classifier
                .explain(of(answered(130101, "send too fast"), null, null))
                .orElseThrow();
        assertThat(rate.likelyCause()).contains("20 messages per robot per minute");
    }

    @Test
    void anUnknownCodeKeepsTheProvidersMessageAndLinksItsList() {
        Explanation e = classifier
                .explain(of(answered(400999, "something new"), null, null))
                .orElseThrow();
        assertThat(e.text()).isEqualTo("DingTalk 400999: something new");
        assertThat(e.docs()).isEqualTo(DingTalkExplanations.ROBOT_DOCS);
    }

    @Test
    void everyRowLinksToDingTalksDocumentation() {
        assertThat(DingTalkExplanations.TABLE.rows().values())
                .allSatisfy(row -> assertThat(row.docs()).startsWith("https://open.dingtalk.com/document/"));
    }
}
