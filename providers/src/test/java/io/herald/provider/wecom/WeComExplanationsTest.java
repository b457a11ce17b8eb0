package io.herald.provider.wecom;

import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeComExplanationsTest {

    private final WeComClassifier classifier = new WeComClassifier();

    @Test
    void invalidWebhookUrlPointsAtTheKeyAndFrequencyLimitAtTheRate() {
        var invalid = classifier
                .explain(of(
                        classifier.classify(answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")),
                        null,
                        null))
                .orElseThrow();
        assertThat(invalid.likelyCause()).contains("key in the channel's webhook URL");
        assertThat(invalid.docs()).isEqualTo("https://developer.work.weixin.qq.com/document/path/91770");

        var limited = classifier
                .explain(of(
                        classifier.classify(answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")),
                        null,
                        null))
                .orElseThrow();
        assertThat(limited.likelyCause()).contains("20 messages per robot per minute");
    }
}
